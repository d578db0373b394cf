import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';

describe('rate limit per key', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
  });

  afterAll(() => api.close());

  it('answers 429 with Retry-After past the limit, per key, and leaves /health alone', async () => {
    const list = (key: string) => api.request({ method: 'GET', url: '/v1.1/instances/', headers: as(key) });
    for (let i = 0; i < 3; i++) expect((await list(ACCOUNT_KEY)).statusCode).toBe(200);
    const throttled = await list(ACCOUNT_KEY);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json()).toEqual({
      detail: expect.stringMatching(/^Request was throttled\. Expected available in \d+ seconds\.$/),
    });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(throttled.headers['x-error-codes']).toBe('rate.limited');
    // Another key has its own budget (it is unknown, so it gets the 403 of an unknown key, not 429).
    expect((await list('another-key')).statusCode).toBe(403);
    for (let i = 0; i < 5; i++)
      expect((await api.request({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
