import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../config/config.js';
import { type ApiKeyHolder, ApiKeysService } from './api-keys.service.js';
import { identifiedHolder } from './hardening.js';
import { ProblemError } from './problem.js';

const ROLES_KEY = 'qualirec:roles';

/** The roles allowed on a route, besides `admin` which may do everything. No roles: the route is open. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const Public = () => SetMetadata(ROLES_KEY, 'public');

export type AuthenticatedRequest = FastifyRequest & { holder?: ApiKeyHolder };

/** Every route needs `Authorization: Bearer <key>` of an allowed role, unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  /** The roles of each route, by handler and class: decorators' metadata does not change once the app runs. */
  private readonly routeRoles = new WeakMap<object, WeakMap<object, Role[] | 'public' | undefined>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const allowed = this.rolesOf(context.getHandler(), context.getClass());
    if (allowed === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // The hardening hook has already looked the key up for this request; otherwise, look it up here.
    const known = identifiedHolder(request);
    const holder = known === undefined ? this.identify(request) : (known ?? undefined);
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

  private identify(request: FastifyRequest): ApiKeyHolder | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    return match ? this.keys.identify(match[1]) : undefined;
  }

  private rolesOf(handler: object, controller: object): Role[] | 'public' | undefined {
    let byClass = this.routeRoles.get(handler);
    if (!byClass) this.routeRoles.set(handler, (byClass = new WeakMap()));
    if (byClass.has(controller)) return byClass.get(controller);
    const roles = this.reflector.getAllAndOverride<Role[] | 'public' | undefined>(ROLES_KEY, [handler as never, controller as never]);
    byClass.set(controller, roles);
    return roles;
  }
}

export function unauthenticated(): ProblemError {
  return new ProblemError(
    { type: 'urn:qualirec:problem:unauthenticated', title: 'Unauthenticated', status: 401, detail: 'Send Authorization: Bearer <api key>' },
    { 'www-authenticate': 'Bearer' },
  );
}
