import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ApiKeysService } from './api-keys.service.js';
import { AuthGuard } from './auth.guard.js';
import { ProblemFilter } from './problem.filter.js';

/** The HTTP pipeline shared by every route: API keys and roles, problem responses. */
@Global()
@Module({
  providers: [ApiKeysService, { provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_FILTER, useClass: ProblemFilter }],
  exports: [ApiKeysService],
})
export class HttpModule {}
