import { startTestApp, type TestApp } from './support/test-app.js';

describe('CORS', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ CORS_ORIGINS: 'https://app.example' });
  });

  afterAll(() => api.close());

  it('answers a preflight from an allowed origin, allowing the auth headers', async () => {
    const preflight = await api.request({
      method: 'OPTIONS',
      url: '/v1.1/instances/',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-api-key, x-user-key, content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toEqual(
      expect.stringContaining('x-api-key'),
    );
  });

  it('gives another origin no CORS headers', async () => {
    const response = await api.request({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://evil.example' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
