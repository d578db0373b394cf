import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('operations endpoints', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });

  afterAll(() => api.close());

  it('answers /health without a key, with or without the trailing slash', async () => {
    for (const url of ['/health', '/health/']) {
      const response = await api.request({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        status: 'ok',
        details: {
          eventStore: { status: 'up', head: expect.stringMatching(/^-?\d+\/-?\d+$/) },
          projector: { status: 'up', inProcess: true, caughtUp: true },
        },
      });
    }
  });

  it('says the embedded process does the membership cleanup (it is the only one)', async () => {
    const role = async () =>
      (await api.request({ method: 'GET', url: '/health' })).json().details.membershipCleanup;
    await eventually(async () => (await role()).role !== 'starting', 5_000, 'the cleanup to take its lease');
    expect(await role()).toEqual({ status: 'up', role: 'active' });
  });

  it('echoes a sane X-Request-Id and invents one otherwise', async () => {
    const echoed = await api.request({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(echoed.headers['x-request-id']).toBe('trace-42');
    const invented = await api.request({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'no spaces allowed' },
    });
    expect(invented.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics', async () => {
    const response = await api.request({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('roster_process_cpu_user_seconds_total');
    expect(response.body).toContain('roster_projector_lag_seconds 0');
    expect(response.body).toMatch(
      /roster_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+/,
    );
  });

  it('serves the OpenAPI document', async () => {
    const response = await api.request({ method: 'GET', url: '/docs-json' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      openapi: expect.stringMatching(/^3\./),
      info: { title: 'Roster' },
    });
  });
});
