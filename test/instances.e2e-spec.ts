import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';

describe('instances and API keys', () => {
  let api: TestApp;
  const account = as(ACCOUNT_KEY);

  beforeAll(async () => {
    api = await startTestApp();
  });

  afterAll(() => api.close());

  const createInstance = (name: string) =>
    api.request({
      method: 'POST',
      url: '/v1.1/instances/',
      headers: account,
      payload: { name, description: 'd' },
    });

  it('creates an instance with the account key and lists it at once', async () => {
    const created = await createInstance('acme');
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'acme',
      description: 'd',
      links: { self: '/v1.1/instances/acme/' },
    });
    expect(created.json().created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const list = await api.request({ method: 'GET', url: '/v1.1/instances', headers: account });
    expect(list.json()).toMatchObject({ objects: [{ name: 'acme' }], next: null, prev: null });
  });

  it('refuses a taken name with 409 and an invalid one with 400, changing nothing', async () => {
    const taken = await createInstance('acme');
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toEqual({ name: ['Instance with this name already exists.'] });
    expect(taken.headers['x-error-codes']).toBe('instance.name.conflict');
    const invalid = await createInstance('No!');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['x-error-codes']).toBe('instance.name.invalid');
    const list = await api.request({ method: 'GET', url: '/v1.1/instances/', headers: account });
    expect(list.json().objects).toHaveLength(1);
  });

  it('answers auth problems in the documented order and shapes', async () => {
    const missing = await api.request({ method: 'GET', url: '/v1.1/instances/' });
    expect([missing.statusCode, missing.json()]).toEqual([
      403,
      { detail: 'Authentication credentials were not provided.' },
    ]);
    const unknown = await api.request({ method: 'GET', url: '/v1.1/instances/', headers: as('nope') });
    expect([unknown.statusCode, unknown.json()]).toEqual([403, { detail: 'No such API Key.' }]);
    const noInstance = await api.request({
      method: 'GET',
      url: '/v1.1/instances/ghost/api_keys/',
      headers: account,
    });
    expect([noInstance.statusCode, noInstance.json()]).toEqual([404, { detail: 'Instance was not found.' }]);
  });

  it('accepts the key as Authorization: token', async () => {
    const response = await api.request({
      method: 'GET',
      url: '/v1.1/instances/',
      headers: { authorization: `token ${ACCOUNT_KEY}` },
    });
    expect(response.statusCode).toBe(200);
  });

  it('issues an API key shown once, lists it without secrets, updates and revokes it', async () => {
    const issued = await api.request({
      method: 'POST',
      url: '/v1.1/instances/acme/api_keys/',
      headers: account,
      payload: { description: 'app', allow_user_create: true },
    });
    expect(issued.statusCode).toBe(201);
    const { id, api_key: key } = issued.json();
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    const list = await api.request({
      method: 'GET',
      url: '/v1.1/instances/acme/api_keys/',
      headers: account,
    });
    expect(list.json().objects).toEqual([
      expect.objectContaining({ id, description: 'app', allow_user_create: true }),
    ]);
    expect(list.body).not.toContain(key);

    const keyCanSeeInstance = await api.request({
      method: 'GET',
      url: '/v1.1/instances/acme/api_keys/',
      headers: as(key),
    });
    expect(keyCanSeeInstance.statusCode).toBe(403);
    expect(keyCanSeeInstance.json()).toEqual({
      detail: 'You do not have permission to perform this action.',
    });

    const patched = await api.request({
      method: 'PATCH',
      url: `/v1.1/instances/acme/api_keys/${id}/`,
      headers: account,
      payload: { ignore_acl: true },
    });
    expect(patched.json()).toMatchObject({ id, ignore_acl: true, allow_user_create: true });

    const revoked = await api.request({
      method: 'DELETE',
      url: `/v1.1/instances/acme/api_keys/${id}/`,
      headers: account,
    });
    expect(revoked.statusCode).toBe(204);
    const afterRevoke = await api.request({
      method: 'GET',
      url: '/v1.1/instances/acme/api_keys/',
      headers: as(key),
    });
    expect([afterRevoke.statusCode, afterRevoke.json()]).toEqual([403, { detail: 'No such API Key.' }]);
  });

  it('hides an instance from a key of another instance', async () => {
    await createInstance('other');
    const issued = await api.request({
      method: 'POST',
      url: '/v1.1/instances/other/api_keys/',
      headers: account,
      payload: { ignore_acl: true },
    });
    const foreign = await api.request({
      method: 'GET',
      url: '/v1.1/instances/acme/api_keys/',
      headers: as(issued.json().api_key),
    });
    expect([foreign.statusCode, foreign.json()]).toEqual([404, { detail: 'Instance was not found.' }]);
  });

  it('refuses malformed and oversized bodies with 400 and 413', async () => {
    const malformed = await api.request({
      method: 'POST',
      url: '/v1.1/instances/',
      headers: { ...account, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['x-error-codes']).toBe('request.body.invalid');
    const huge = await api.request({
      method: 'POST',
      url: '/v1.1/instances/',
      headers: { ...account, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'big', description: 'x'.repeat(70 * 1024) }),
    });
    expect([huge.statusCode, huge.json()]).toEqual([413, { detail: 'Request body is too large.' }]);
    const wrongType = await api.request({
      method: 'POST',
      url: '/v1.1/instances/',
      headers: account,
      payload: { name: 42 },
    });
    expect([wrongType.statusCode, wrongType.json()]).toEqual([400, { name: ['Not a valid string.'] }]);
  });

  it('deletes an instance: its data answers 404, its keys stop working, its name is never reused', async () => {
    const issued = await api.request({
      method: 'POST',
      url: '/v1.1/instances/acme/api_keys/',
      headers: account,
      payload: { ignore_acl: true },
    });
    const deleted = await api.request({ method: 'DELETE', url: '/v1.1/instances/acme/', headers: account });
    expect(deleted.statusCode).toBe(204);
    const gone = await api.request({ method: 'GET', url: '/v1.1/instances/acme/', headers: account });
    expect(gone.statusCode).toBe(404);
    const keyAfter = await api.request({
      method: 'GET',
      url: '/v1.1/instances/acme/api_keys/',
      headers: as(issued.json().api_key),
    });
    expect(keyAfter.statusCode).toBe(403);
    expect((await createInstance('acme')).statusCode).toBe(409);
  });

  it('rotates the account key: the new one works, the calling one stops', async () => {
    const rotated = await api.request({ method: 'POST', url: '/v1.1/account/rotate_key/', headers: account });
    expect(rotated.statusCode).toBe(200);
    const next = rotated.json().account_key;
    expect(
      (await api.request({ method: 'GET', url: '/v1.1/instances/', headers: as(next) })).statusCode,
    ).toBe(200);
    expect((await api.request({ method: 'GET', url: '/v1.1/instances/', headers: account })).statusCode).toBe(
      403,
    );
  });
});
