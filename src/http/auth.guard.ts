import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../config/config.js';
import { type ApiKeyHolder, ApiKeysService } from './api-keys.service.js';
import { ProblemError } from './problem.js';

const ROLES_KEY = 'qualirec:roles';

/** The roles allowed on a route, besides `admin` which may do everything. No roles: the route is open. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const Public = () => SetMetadata(ROLES_KEY, 'public');

export type AuthenticatedRequest = FastifyRequest & { holder?: ApiKeyHolder };

/** Every route needs `Authorization: Bearer <key>` of an allowed role, unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const allowed = this.reflector.getAllAndOverride<Role[] | 'public' | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (allowed === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const holder = match ? this.keys.identify(match[1]) : undefined;
    if (!holder) throw unauthenticated();
    if (holder.role !== 'admin' && !(allowed ?? []).includes(holder.role)) {
      throw new ProblemError({
        type: 'urn:qualirec:problem:forbidden',
        title: 'Forbidden',
        status: 403,
        detail: `The ${holder.role} role may not use this route`,
      });
    }
    request.holder = holder;
    return true;
  }
}

export function unauthenticated(): ProblemError {
  return new ProblemError(
    { type: 'urn:qualirec:problem:unauthenticated', title: 'Unauthenticated', status: 401, detail: 'Send Authorization: Bearer <api key>' },
    { 'www-authenticate': 'Bearer' },
  );
}
