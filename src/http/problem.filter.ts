import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DuplicateEventIdError, EventStoreUnavailableError } from '../event-store/event-store.port.js';
import { ReadStoreUnavailableError } from '../read-store/read-store.port.js';
import { AggregateNotFound, BusinessRuleViolation, StaleRevision } from '../shared/domain-errors.js';
import { routePattern } from './hardening.js';
import { type Problem, ProblemError } from './problem.js';

/** Every error leaves as `application/problem+json`; nothing internal (stack, SQL) is shown. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const { problem, headers } = toProblem(error);
    if (problem.status >= 500) {
      // The route pattern, never the URL (path and query values may be personal), never the body; the stack at debug level only.
      const failure = error as Error | undefined;
      this.logger.error(`${request.method} ${routePattern(request)}: ${failure?.name ?? 'Error'}: ${failure?.message ?? String(error)}`);
      if (failure?.stack) this.logger.debug(failure.stack);
    }
    void reply
      .status(problem.status)
      .headers(headers)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send({ ...problem, instance: request.url.split('?')[0] });
  }
}

export function toProblem(error: unknown): { problem: Problem; headers: Record<string, string> } {
  if (error instanceof ProblemError) return { problem: error.problem, headers: error.headers };
  if (error instanceof BusinessRuleViolation) {
    return { problem: { type: `urn:qualirec:rule:${error.rule}`, title: 'Business rule broken', status: 409, detail: error.message, rule: error.rule }, headers: {} };
  }
  if (error instanceof DuplicateEventIdError) {
    const rule = 'command-id-used-once';
    return { problem: { type: `urn:qualirec:rule:${rule}`, title: 'Business rule broken', status: 409, detail: 'This commandId (or Idempotency-Key) was already used for another command', rule }, headers: {} };
  }
  if (error instanceof ReadStoreUnavailableError) {
    return { problem: { type: 'urn:qualirec:problem:unavailable', title: 'Service unavailable', status: 503, detail: 'The read models cannot be reached now. Retry later.' }, headers: { 'retry-after': '5' } };
  }
  if (error instanceof AggregateNotFound) {
    return { problem: { type: 'urn:qualirec:problem:not-found', title: 'Not found', status: 404, detail: error.message }, headers: {} };
  }
  if (error instanceof StaleRevision) {
    return {
      problem: { type: 'urn:qualirec:problem:stale-revision', title: 'Precondition failed', status: 412, detail: error.message, currentRevision: error.actual },
      headers: {},
    };
  }
  if (error instanceof EventStoreUnavailableError) {
    return {
      problem: { type: 'urn:qualirec:problem:unavailable', title: 'Service unavailable', status: 503, detail: 'The event log cannot take writes now; nothing was recorded. Retry later.' },
      headers: { 'retry-after': '5' },
    };
  }
  const status = statusOf(error);
  if (status && status < 500) {
    const title = error instanceof HttpException ? error.message : ((error as Error).message ?? 'Error');
    return { problem: { type: `urn:qualirec:problem:http-${status}`, title, status }, headers: {} };
  }
  return { problem: { type: 'urn:qualirec:problem:internal', title: 'Internal error', status: 500 }, headers: {} };
}

/** Nest's HttpException, or a Fastify error (body too large, bad JSON) carrying a statusCode. */
function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const code = (error as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}
