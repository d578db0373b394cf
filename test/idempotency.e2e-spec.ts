import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';

const I = '/v1.1/instances/kaer';

describe('Idempotency-Key', () => {
  let api: TestApp;
  const account = as(ACCOUNT_KEY);
  const createUser = (token: string, payload: object, key = ACCOUNT_KEY) =>
    api.request({
      method: 'POST',
      url: `${I}/users/`,
      headers: { ...as(key), 'idempotency-key': token },
      payload,
    });
  const countUsers = async () =>
    (await api.request({ method: 'GET', url: `${I}/users/`, headers: account })).json().objects
      .length as number;

  beforeAll(async () => {
    api = await startTestApp();
    await api.request({
      method: 'POST',
      url: '/v1.1/instances/',
      headers: account,
      payload: { name: 'kaer' },
    });
  });

  afterAll(() => api.close());

  it('replays a repeated POST: same status, current representation, nothing written', async () => {
    const first = await createUser('token-1', { username: 'eskel', password: 'secret-pass' });
    expect(first.statusCode).toBe(201);
    const again = await createUser('token-1', { username: 'eskel', password: 'secret-pass' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ id: first.json().id, username: 'eskel' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await countUsers()).toBe(1);
  });

  it('refuses the same token with another body (422), and keeps tokens per key holder', async () => {
    const reused = await createUser('token-1', { username: 'lambert', password: 'secret-pass' });
    expect([reused.statusCode, reused.json()]).toEqual([
      422,
      { detail: 'Idempotency-Key was already used with a different request.' },
    ]);
    expect(reused.headers['x-error-codes']).toBe('idempotency.key.reused');
    const key = (
      await api.request({
        method: 'POST',
        url: `${I}/api_keys/`,
        headers: account,
        payload: { ignore_acl: true },
      })
    ).json().api_key;
    const otherHolder = await createUser('token-1', { username: 'lambert', password: 'secret-pass' }, key);
    expect(otherHolder.statusCode).toBe(201);
    expect(await countUsers()).toBe(2);
  });

  it('does not remember failures: the same token may be retried after a 4xx', async () => {
    const failed = await createUser('token-2', { username: 'eskel', password: 'secret-pass' });
    expect(failed.statusCode).toBe(409);
    const retried = await createUser('token-2', { username: 'eskel', password: 'secret-pass' });
    expect(retried.statusCode).toBe(409);
  });

  it('does not show a one-time secret again on replay', async () => {
    const headers = { ...account, 'idempotency-key': 'key-token' };
    const first = await api.request({
      method: 'POST',
      url: `${I}/api_keys/`,
      headers,
      payload: { description: 'x' },
    });
    expect(first.json().api_key).toMatch(/^[0-9a-f]{40}$/);
    const again = await api.request({
      method: 'POST',
      url: `${I}/api_keys/`,
      headers,
      payload: { description: 'x' },
    });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ id: first.json().id, description: 'x' });
    expect(again.json().api_key).toBeUndefined();
  });

  it('refuses an over-long token', async () => {
    const response = await createUser('x'.repeat(256), { username: 'vesemir', password: 'secret-pass' });
    expect(response.statusCode).toBe(400);
  });
});
