import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import type { CommandResult } from '../event-store/command-executor.service.js';
import { replyOf, type RequestContext } from './command-context.js';

/** The body of a command's answer: `{ id, streamId, revision, position }`. */
export type CommandAnswer = Omit<CommandResult, 'replayed'>;

/** `201`, or `200` when the command was a replay, `ETag: "<revision>"`, and the body. */
function shape(reply: FastifyReply, { replayed, ...result }: CommandResult): CommandAnswer {
  void reply.status(replayed ? 200 : 201).header('etag', `"${result.revision}"`);
  return result;
}

/** `201 { id, streamId, revision, position }`, or `200` with the same body when the command was a replay. */
@Injectable()
export class CommandResultInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<CommandResult>): Observable<CommandAnswer> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(map((result) => shape(reply, result)));
  }
}

/**
 * The same answer as `CommandResultInterceptor`, from the route itself: an interceptor costs every
 * request an rxjs pipeline of its own. For routes with a `@Ctx()`, which knows the request's reply.
 */
export async function answered(ctx: RequestContext, pending: Promise<CommandResult>): Promise<CommandAnswer> {
  const result = await pending;
  return shape(replyOf(ctx), result);
}
