import 'reflect-metadata';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { Registry } from 'prom-client';
import { createRootLogger, openStorage, requestIdOf, type Config } from '#platform';
import { AppModule } from './app.module.js';
import { digestKey } from './auth/key-digest.js';
import { presentedKey } from './auth/auth.guard.js';
import { HttpProblem } from './http/errors/http-problem.js';
import { checkApiConfig } from './infrastructure/api-config.js';
import { createRuntime } from './infrastructure/runtime.js';
import { registerRuntimeMetrics } from './infrastructure/runtime-metrics.js';
import { MembershipCleanupReactor } from './users/delete-user/membership-cleanup.reactor.js';

/** Request bodies above this are refused with 413 (API.md). */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Builds the HTTP application (not yet listening), so tests and `main` start it the same way.
 * The API's own configuration needs are checked, then the storage is opened (a bad `DATABASE_URL`
 * or a locked data directory fails here).
 */
export async function createApp(
  config: Config,
  logDestination?: DestinationStream,
): Promise<NestFastifyApplication> {
  checkApiConfig(config);
  const logger = createRootLogger(config, 'roster', logDestination);
  const runtime = createRuntime(config, await openStorage(config), logger);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(runtime), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  registerRuntimeMetrics(
    app.get(Registry),
    runtime,
    app.get(MembershipCleanupReactor),
    adapter.getInstance(),
  );
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  await app.register(helmet, { contentSecurityPolicy: false });
  if (config.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      // Per key (its digest: the key itself never sits in memory tables); anonymous calls per address.
      keyGenerator: (request) => {
        const key = presentedKey(request.headers);
        return key === null ? `ip:${request.ip}` : `key:${digestKey(key)}`;
      },
      allowList: (request) => !request.url.startsWith('/v1.1/'),
      addHeadersOnExceeding: {
        'x-ratelimit-limit': false,
        'x-ratelimit-remaining': false,
        'x-ratelimit-reset': false,
      },
      errorResponseBuilder: (_request, context) => {
        const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
        return HttpProblem.detail(
          429,
          'rate.limited',
          `Request was throttled. Expected available in ${seconds} seconds.`,
          {
            'Retry-After': String(seconds),
          },
        );
      },
    });
  }
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      allowedHeaders: [
        'Content-Type',
        'X-API-KEY',
        'Authorization',
        'X-USER-KEY',
        'If-Match',
        'Idempotency-Key',
      ],
      exposedHeaders: ['ETag', 'X-Error-Codes', 'X-Request-Id', 'X-Consistency', 'Retry-After'],
    });
  }
  const openApi = new DocumentBuilder()
    .setTitle('Roster')
    .setDescription('Users and groups, Syncano v1.1-shaped, event-sourced')
    .setVersion('1.1')
    .addApiKey({ type: 'apiKey', name: 'X-API-KEY', in: 'header' }, 'api-key')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  app.enableShutdownHooks();
  return app;
}
