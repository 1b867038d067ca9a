import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import type { CommandResult } from '../event-store/command-executor.service.js';

/** `201 { id, streamId, revision, position }`, or `200` with the same body when the command was a replay. */
@Injectable()
export class CommandResultInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<CommandResult>): Observable<Omit<CommandResult, 'replayed'>> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map(({ replayed, ...result }) => {
        void reply.status(replayed ? 200 : 201).header('etag', `"${result.revision}"`);
        return result;
      }),
    );
  }
}
