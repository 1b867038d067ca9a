import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, SetMetadata, UseInterceptors, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PROJECTION_RUNNER } from '../projections/projections.module.js';
import type { ProjectionRunner } from '../projections/projection-runner.js';
import { badInput, ProblemError } from './problem.js';

const PROJECTIONS_KEY = 'qualirec:projections';

/**
 * Read your writes: with `?minPosition=P` (the `position` a command answered), the query waits,
 * up to QUALIREC_READ_WAIT_MS (≤ 2 s), until the projections behind it have processed P.
 */
@Injectable()
export class ReadModelInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const raw = (context.switchToHttp().getRequest<FastifyRequest>().query as Record<string, string | undefined>).minPosition;
    if (raw === undefined) return next.handle();
    if (!/^\d+$/.test(raw)) throw badInput([{ path: 'minPosition', message: 'must be a whole number, a position a command answered' }]);
    const listed = this.reflector.get<string[]>(PROJECTIONS_KEY, context.getHandler());
    const names = listed.length ? listed : undefined;
    return from(this.runner.waitFor(Number(raw), names, this.config.readWaitMs)).pipe(
      switchMap((reached) => {
        if (!reached) {
          throw new ProblemError(
            { type: 'urn:qualirec:problem:read-model-behind', title: 'Read model behind', status: 503, detail: `Position ${raw} is not yet in ${names?.join(', ') ?? 'every read model'}` },
            { 'retry-after': '1' },
          );
        }
        return next.handle();
      }),
    );
  }
}

/** Marks a query as served by these projections (none named: all of them), so `minPosition` waits for them. */
export const ReadModel = (...projections: string[]) => applyDecorators(SetMetadata(PROJECTIONS_KEY, projections), UseInterceptors(ReadModelInterceptor));
