import 'reflect-metadata';
import { type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { serveDashboard } from './dashboard/dashboard.js';
import type { AppConfig } from './config/config.js';
import { ApiKeysService } from './http/api-keys.service.js';
import { fastifyOptions, installHardening } from './http/hardening.js';
import { unauthenticated } from './http/auth.guard.js';
import { toProblem } from './http/problem.filter.js';

const levels: Record<AppConfig['logLevel'], LogLevel[] | false> = {
  silent: false,
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/** The whole application on Fastify, as `main.ts` serves it and the HTTP tests drive it. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter(fastifyOptions(config));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: levels[config.logLevel],
    // A failed start (a damaged log) rejects, so the caller says why, instead of Nest exiting on its own.
    abortOnError: false,
  });
  // The OpenAPI document is served by Fastify itself, outside Nest's guards: any valid key may read it.
  const keys = app.get(ApiKeysService);
  // Timeouts, security headers, rate limit per key, one log line per request (docs/security.md).
  installHardening(app.getHttpAdapter().getInstance(), config, keys);
  // The dashboard's files at / when `vite build` made them (public: they hold no data; docs/decisions.md).
  serveDashboard(app.getHttpAdapter().getInstance());
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/docs')) return;
      const key = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (key && keys.identify(key)) return;
      const { problem, headers } = toProblem(unauthenticated());
      await reply.status(401).headers(headers).type('application/problem+json').send(problem);
    });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('qualirec')
      .setDescription('Event-sourced quality record: commands append facts, queries read projections, auditors read the log.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' }, 'bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  return app;
}
