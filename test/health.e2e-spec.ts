import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '#platform';
import { createApp } from '../apps/api/src/create-app.js';

describe('operations endpoints', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createApp(loadConfig({ LOG_LEVEL: 'silent' }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  it('answers /health without a key, with or without the trailing slash', async () => {
    for (const url of ['/health', '/health/']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'ok' });
    }
  });

  it('echoes a sane X-Request-Id and invents one otherwise', async () => {
    const echoed = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(echoed.headers['x-request-id']).toBe('trace-42');
    const invented = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'no spaces allowed' },
    });
    expect(invented.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics', async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('roster_process_cpu_user_seconds_total');
  });

  it('serves the OpenAPI document', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs-json' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      openapi: expect.stringMatching(/^3\./),
      info: { title: 'Roster' },
    });
  });
});
