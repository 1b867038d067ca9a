/**
 * Sequential GETs on one keep-alive connection, each timed from the request's start to its body's
 * last byte: the latency one client sees when nothing else is in flight. Used for every HTTP
 * figure of the data-size benchmark, the reference (`GET /health`) included.
 */
import http from 'node:http';

export interface Reply {
  status: number;
  bytes: number;
  ms: number;
  body: string;
}

export interface Series {
  /** Requests measured (the first and the warm-up ones left out). */
  n: number;
  non2xx: number;
  statuses: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  /** The very first request of the series, cold (a read model loaded on first use, code not yet optimised). */
  first: number;
  /** Mean response body size, bytes. */
  bytes: number;
  failures: string[];
}

export interface SeriesOptions {
  /** Paths requested in turn. */
  paths: string[];
  headers: Record<string, string>;
  /** Requests after the first, not measured: this many, or fewer once `warmMaxS` passed since the first began. */
  warm: number;
  warmMaxS: number;
  /**
   * Measured requests: at least `minCount` and `minS`; past `maxS`, as soon as `floor` were made;
   * past `hardMaxS` (a route far slower than its target), as soon as 3 were.
   */
  minCount: number;
  minS: number;
  maxS: number;
  floor: number;
  hardMaxS: number;
}

export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  constructor(private readonly url: string) {}

  get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const start = performance.now();
      const request = http.get(`${this.url}${path}`, { agent: this.agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes <= 64 * 1024 * 1024) chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes, ms: performance.now() - start, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      request.setTimeout(600_000, () => request.destroy(new Error(`GET ${path}: no answer in 600 s`)));
      request.on('error', reject);
    });
  }

  async json<T = any>(path: string, headers: Record<string, string> = {}): Promise<T> {
    const reply = await this.get(path, headers);
    if (reply.status < 200 || reply.status > 299) throw new Error(`GET ${path}: ${reply.status} ${reply.body.slice(0, 300)}`);
    return JSON.parse(reply.body) as T;
  }

  async series(options: SeriesOptions): Promise<Series> {
    const statuses: Record<string, number> = {};
    const failures: string[] = [];
    let turn = 0;
    const next = async () => {
      const reply = await this.get(options.paths[turn++ % options.paths.length], options.headers);
      statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
      if ((reply.status < 200 || reply.status > 299) && failures.length < 3) failures.push(`${reply.status} ${reply.body.slice(0, 300)}`);
      return reply;
    };
    const warmStart = performance.now();
    const first = (await next()).ms;
    for (let i = 0; i < options.warm && performance.now() - warmStart < options.warmMaxS * 1000; i += 1) await next();
    for (const key of Object.keys(statuses)) delete statuses[key];
    const latencies: number[] = [];
    let bytes = 0;
    const start = performance.now();
    for (;;) {
      const elapsed = (performance.now() - start) / 1000;
      const n = latencies.length;
      if (n >= options.minCount && elapsed >= options.minS) break;
      if (n >= options.floor && elapsed >= options.maxS) break;
      if (n >= 3 && elapsed >= options.hardMaxS) break;
      const reply = await next();
      latencies.push(reply.ms);
      bytes += reply.bytes;
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
    const non2xx = Object.entries(statuses).reduce((n, [status, count]) => n + (status.startsWith('2') ? 0 : count), 0);
    return {
      n: latencies.length,
      non2xx,
      statuses,
      p50: at(0.5),
      p99: at(0.99),
      max: latencies[latencies.length - 1],
      mean: latencies.reduce((a, b) => a + b, 0) / latencies.length,
      first,
      bytes: bytes / latencies.length,
      failures,
    };
  }

  close(): void {
    this.agent.destroy();
  }
}
