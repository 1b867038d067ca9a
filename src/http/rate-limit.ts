/** Buckets kept before idle (full) ones are dropped, then the oldest: bounds memory under a flood of addresses. */
const MAX_BUCKETS = 10_000;

/**
 * A token bucket per caller: `perMinute` requests, refilled continuously, so a caller may burst up
 * to a minute's worth and then goes at the steady rate. One process's view: behind a load
 * balancer each instance counts its own requests.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one request from `caller`'s bucket: 0 when allowed, else the whole seconds to wait. */
  take(caller: string): number {
    const t = this.now();
    let bucket = this.buckets.get(caller);
    if (bucket) {
      bucket.tokens = Math.min(this.perMinute, bucket.tokens + (t - bucket.at) * this.perMs);
      bucket.at = t;
    } else {
      if (this.buckets.size >= MAX_BUCKETS) this.prune(t);
      bucket = { tokens: this.perMinute, at: t };
      this.buckets.set(caller, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  private prune(t: number): void {
    for (const [caller, b] of this.buckets) if (b.tokens + (t - b.at) * this.perMs >= this.perMinute) this.buckets.delete(caller);
    for (const caller of this.buckets.keys()) {
      if (this.buckets.size < MAX_BUCKETS) break;
      this.buckets.delete(caller);
    }
  }
}
