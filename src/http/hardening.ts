import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import type { AppConfig } from '../config/config.js';
import type { ApiKeyHolder, ApiKeysService } from './api-keys.service.js';
import { badInput, type Problem } from './problem.js';
import { RateLimiter } from './rate-limit.js';

/**
 * HTTP hardening around every route, Nest's and Fastify's own (docs/security.md): timeouts,
 * security headers, a rate limit per API key, and one structured log line per request that
 * never holds a body, a query value or a path value.
 */

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** Fastify's own options: body limit, how long a request may take to arrive, idle sockets. */
export function fastifyOptions(config: AppConfig) {
  return {
    bodyLimit: config.bodyLimit,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs + config.responseTimeoutMs,
    // Node looks for requests past their time every `connectionsCheckingInterval` (30 s by default).
    http: { requestTimeout: config.requestTimeoutMs, headersTimeout: config.requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs) },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket, config),
    // A malformed URL or an over-long path parameter is refused by the router before any route or hook:
    // bad input like any other, as a problem, without echoing the path (it may hold personal data).
    frameworkErrors: (error: { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
      if (config.logLevel === 'info' || config.logLevel === 'debug') writeRequestLine(request, 400, 0, undefined);
      const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? `a path parameter is longer than ${MAX_PARAM_LENGTH} characters` : 'the URL is not valid (percent-encoding)';
      void reply
        .code(400)
        .headers({ ...securityHeaders(config, ''), 'cache-control': 'no-store', 'content-type': PROBLEM_TYPE })
        .send(JSON.stringify(badInput([{ path: '(url)', message }]).problem));
    },
  };
}

/** Fastify's default: longer path parameters are refused by the router itself. */
const MAX_PARAM_LENGTH = 100;

/** The headers every response carries. */
export function securityHeaders(config: AppConfig, path: string): Record<string, string> {
  const docs = isDocs(path);
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    // The Swagger UI page runs its own scripts; everything else is data and may load nothing.
    'content-security-policy': docs ? "frame-ancestors 'none'" : "default-src 'none'; frame-ancestors 'none'",
    ...(config.hstsMaxAge > 0 ? { 'strict-transport-security': `max-age=${config.hstsMaxAge}; includeSubDomains` } : {}),
  };
}

/** `/clients/:id` → `/clients/{id}`: the route a request matched, never its values. */
export function routePattern(request: FastifyRequest): string {
  let url: string | undefined;
  try {
    url = request.routeOptions?.url;
  } catch {
    // a request the router refused has no route context
  }
  return url ? url.replace(/:(\w+)/g, '{$1}') : '(no route)';
}

/**
 * The key holder of each request, known from its first hook on (before Nest's guard decides), for
 * the log line and the guard: `null` when the request carries no valid key.
 */
const holders = new WeakMap<FastifyRequest, ApiKeyHolder | null>();
const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();

/**
 * The holder the `onRequest` hook found for this request's `Authorization` header (`null`: none),
 * or `undefined` when the hook did not see it: the guard then identifies the key itself.
 */
export function identifiedHolder(request: object): ApiKeyHolder | null | undefined {
  return holders.get(request as FastifyRequest);
}

const BEARER = /^Bearer\s+(\S+)$/i;

/** The path of a URL, without its query string. */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

const isDocs = (path: string) => path === '/docs' || path.startsWith('/docs/');

export function installHardening(fastify: FastifyInstance, config: AppConfig, keys: ApiKeysService): void {
  const limiter = config.rateLimitPerMinute > 0 ? new RateLimiter(config.rateLimitPerMinute) : undefined;
  const logRequests = config.logLevel === 'info' || config.logLevel === 'debug';
  // The same headers on every answer: built once (the Swagger UI's pages get their own CSP).
  const dataHeaders = securityHeaders(config, '');
  const docsHeaders = securityHeaders(config, '/docs');

  // Callback-style hooks: no promise per hook and per request.
  fastify.addHook('onRequest', (request, reply, done) => {
    const timer = setTimeout(timedOut, config.responseTimeoutMs, request, reply, config);
    timers.set(request, timer);
    reply.raw.once('close', () => clearTimeout(timer));

    const authorization = request.headers.authorization;
    const key = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    const holder = key ? keys.identify(key) : undefined;
    holders.set(request, holder ?? null);

    if (!limiter || pathOf(request.url) === '/health') return done();
    const wait = limiter.take(holder ? `key:${holder.name}` : `address:${request.ip}`);
    if (wait === 0) return done();
    // Answered here: the request goes no further (done is not called).
    void reply
      .status(429)
      .header('retry-after', String(wait))
      .type(PROBLEM_TYPE)
      .send({
        type: 'urn:qualirec:problem:rate-limited',
        title: 'Too many requests',
        status: 429,
        detail: `More than ${limiter.perMinute} requests a minute ${holder ? 'with this API key' : 'from this address without a valid key'}. Retry after ${wait} s.`,
        instance: pathOf(request.url),
      } satisfies Problem);
  });

  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.headers(isDocs(pathOf(request.url)) ? docsHeaders : dataHeaders);
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    clearTimeout(timers.get(request));
    if (logRequests) writeRequestLine(request, reply.statusCode, reply.elapsedTime, holders.get(request) ?? undefined);
    done();
  });
}

/** One JSON line on stdout: what was asked of which route, by which key, how it ended; never a body or a value. */
function writeRequestLine(request: FastifyRequest, status: number, elapsedMs: number, holder: ApiKeyHolder | undefined): void {
  const correlation = request.headers['x-correlation-id'];
  const line = {
    time: new Date().toISOString(),
    level: 'info',
    msg: 'request',
    requestId: request.id,
    method: request.method,
    route: routePattern(request),
    status,
    durationMs: Math.round(elapsedMs * 10) / 10,
    key: holder?.name ?? null,
    role: holder?.role ?? null,
    ...(typeof correlation === 'string' ? { correlationId: correlation.slice(0, 100) } : {}),
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

/** No answer within `responseTimeoutMs`: 503, retry (a command retried with its commandId is not recorded twice). */
function timedOut(request: FastifyRequest, reply: FastifyReply, config: AppConfig): void {
  if (reply.sent || reply.raw.headersSent) return;
  void reply
    .status(503)
    .header('retry-after', '5')
    .type(PROBLEM_TYPE)
    .send({
      type: 'urn:qualirec:problem:timeout',
      title: 'Service unavailable',
      status: 503,
      detail: `No answer within ${config.responseTimeoutMs} ms. A command may or may not have been recorded: retry it with the same commandId.`,
      instance: pathOf(request.url),
    } satisfies Problem);
}

/** Errors Node reports before Fastify has a request (too slow, headers too large, not HTTP), as problems. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, config: AppConfig): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', `The whole request must arrive within ${config.requestTimeoutMs} ms`]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'The request headers are too large']
        : [400, 'Bad Request', 'The request is not valid HTTP'];
  const body = JSON.stringify({ type: `urn:qualirec:problem:http-${status}`, title, status, detail } satisfies Problem);
  const headers = { ...securityHeaders(config, ''), 'cache-control': 'no-store', 'content-type': PROBLEM_TYPE, 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${title}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`);
  }
  socket.destroy(error);
}
