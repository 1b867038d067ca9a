import autocannon from 'autocannon';

/** What the load sends next; `undefined` when nothing valid is left (the load then repeats a fallback). */
export type NextRequest = () => { method: 'POST' | 'GET'; path: string; body?: string; kind: string };

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  headers: Record<string, string>;
  next: NextRequest;
}

export interface LoadResult {
  connections: number;
  durationS: number;
  completed: number;
  ok: number;
  /** Responses per second that were 2xx. */
  okPerS: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  byKind: Record<string, number>;
  /** Up to a few non-2xx bodies, to say what went wrong. */
  failures: string[];
}

/**
 * One autocannon run. Latencies are taken from every response (sub-millisecond, all statuses),
 * since autocannon's own histogram keeps whole milliseconds.
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const byKind: Record<string, number> = {};
  const failures: string[] = [];
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationS,
    timeout: 30,
    headers: options.headers,
    requests: [
      {
        setupRequest: (request) => {
          const next = options.next();
          byKind[next.kind] = (byKind[next.kind] ?? 0) + 1;
          return { ...request, method: next.method, path: next.path, body: next.body ?? '' };
        },
        onResponse: (status, body) => {
          if ((status < 200 || status > 299) && failures.length < 5) failures.push(`${status} ${body.slice(0, 300)}`);
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => quantile(latencies, q);
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  return {
    connections: options.connections,
    durationS: result.duration,
    completed: latencies.length,
    ok: result['2xx'],
    okPerS: result['2xx'] / result.duration,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.length ? latencies[latencies.length - 1] : NaN,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    byKind,
    failures,
  };
}

/** The q-quantile of ascending-sorted values (nearest rank); NaN when there are none. */
export function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : NaN;
}
