import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../event-store/command-executor.service.js';
import type { AuthenticatedRequest } from './auth.guard.js';
import { badInput } from './problem.js';

/** What a request says about the command besides its body; the controller adds the business time. */
export type RequestContext = Omit<CommandContext, 'occurredAt'>;

/** The reply of the request each context was built for: where a command's answer sets its status. */
const replies = new WeakMap<RequestContext, FastifyReply>();

export function replyOf(ctx: RequestContext): FastifyReply {
  const reply = replies.get(ctx);
  if (!reply) throw new Error('No reply for this command context: it was not built by @Ctx()');
  return reply;
}

/** Acting key, idempotency key (body `commandId` or `Idempotency-Key`), correlation id, `If-Match`. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const holder = request.holder!;
  const body = request.body as { commandId?: unknown } | undefined;
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const commandId = typeof body?.commandId === 'string' ? body.commandId : header('idempotency-key');
  const ctx: RequestContext = {
    actor: { id: holder.name, role: holder.role, name: holder.name },
    ...(commandId ? { commandId } : {}),
    correlationId: header('x-correlation-id') ?? randomUUID(),
    ...ifMatch(header('if-match')),
  };
  replies.set(ctx, context.switchToHttp().getResponse<FastifyReply>());
  return ctx;
});

function ifMatch(value: string | undefined): { ifMatch?: number } {
  if (value === undefined) return {};
  const revision = /^(?:W\/)?"?(\d+)"?$/.exec(value.trim());
  if (!revision) throw badInput([{ path: 'If-Match', message: 'must be a revision number, as the ETag gave it' }]);
  return { ifMatch: Number(revision[1]) };
}
