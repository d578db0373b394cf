import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';

const I = '/v1.1/instances/rivia';

describe('users', () => {
  let api: TestApp;
  const account = as(ACCOUNT_KEY);
  let plainKey: string;
  let creatorKey: string;
  let adminKey: string;

  const post = (url: string, payload: unknown, headers = account) =>
    api.request({ method: 'POST', url, headers, payload: payload as object });
  const get = (url: string, headers = account) => api.request({ method: 'GET', url, headers });
  const issueKey = async (flags: object) => (await post(`${I}/api_keys/`, flags)).json().api_key as string;

  beforeAll(async () => {
    api = await startTestApp();
    await post('/v1.1/instances/', { name: 'rivia' });
    plainKey = await issueKey({});
    creatorKey = await issueKey({ allow_user_create: true });
    adminKey = await issueKey({ ignore_acl: true });
  });

  afterAll(() => api.close());

  it('creates a user with a user key, never returning the password or its hash', async () => {
    const created = await post(`${I}/users/`, {
      username: 'Geralt',
      password: 'roach-is-a-horse',
      email: 'geralt@kaer-morhen.example',
      full_name: 'Geralt of Rivia',
      roles: ['member'],
      profile: { eyes: 'yellow', age: 97 },
      instanceName: 'ignored',
    });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user).toMatchObject({
      id: 1,
      username: 'Geralt',
      email: 'geralt@kaer-morhen.example',
      full_name: 'Geralt of Rivia',
      status: 'unverified',
      roles: ['member'],
      revision: 1,
      groups: [],
      profile: { id: 1, owner: 1, eyes: 'yellow', age: 97, owner_permissions: 'full' },
      metadata: { created_by: expect.any(String), last_login_at: null },
      links: { self: `${I}/users/1/`, 'reset-key': `${I}/users/1/reset_key/` },
    });
    expect(user.user_key).toMatch(/^1\.[0-9a-f]{64}$/);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).not.toMatch(/roach-is-a-horse|argon2/);
  });

  it('lists users to admins with filters and keyset pages', async () => {
    for (const name of ['ciri', 'yennefer', 'dandelion']) {
      expect(
        (await post(`${I}/users/`, { username: name, password: 'secret-pass' }, as(creatorKey))).statusCode,
      ).toBe(201);
    }
    const page = await get(`${I}/users/?page_size=2`, as(adminKey));
    expect(page.json().objects.map((u: { username: string }) => u.username)).toEqual(['Geralt', 'ciri']);
    expect(page.json().next).toBe(`${I}/users/?page_size=2&direction=1&last_pk=2`);
    const next = await get(page.json().next, as(adminKey));
    expect(next.json().objects.map((u: { id: number }) => u.id)).toEqual([3, 4]);
    expect(next.json().next).toBeNull();
    const back = await get(next.json().prev, as(adminKey));
    expect(back.json().objects.map((u: { id: number }) => u.id)).toEqual([2, 1]);
    const filtered = await get(`${I}/users/?username=GERALT`, as(adminKey));
    expect(filtered.json().objects.map((u: { id: number }) => u.id)).toEqual([1]);
    const bad = await get(`${I}/users/?page_size=0`, as(adminKey));
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json())).toEqual(['page_size']);
    expect((await get(`${I}/users/`, as(plainKey))).statusCode).toBe(403);
  });

  it('refuses a taken username (case-insensitively) and email with 409', async () => {
    const username = await post(`${I}/users/`, { username: 'geralt', password: 'secret-pass' });
    expect([username.statusCode, username.json()]).toEqual([
      409,
      { username: ['A user with that username already exists.'] },
    ]);
    expect(username.headers['x-error-codes']).toBe('user.username.conflict');
    const email = await post(`${I}/users/`, {
      username: 'other',
      password: 'secret-pass',
      email: 'GERALT@kaer-morhen.example',
    });
    expect([email.statusCode, email.json()]).toEqual([
      409,
      { email: ['A user with that email already exists.'] },
    ]);
    // The failed create released its username claim: the name is free.
    expect((await post(`${I}/users/`, { username: 'other', password: 'secret-pass' })).statusCode).toBe(201);
  });

  it('validates every field at once and writes nothing', async () => {
    const response = await post(`${I}/users/`, {
      username: 'bad name!',
      password: 'short',
      roles: ['king'],
      status: 'x',
    });
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json()).toSorted()).toEqual(['password', 'roles', 'status', 'username']);
    expect(response.headers['x-error-codes']).toContain('user.roles.invalid');
    const wrongTypes = await post(`${I}/users/`, { username: 5, password: ['x'] });
    expect(wrongTypes.statusCode).toBe(400);
    expect((await get(`${I}/users/?username=bad%20name!`, as(adminKey))).json().objects).toEqual([]);
  });

  it('only lets keys with allow_user_create create users', async () => {
    const refused = await post(`${I}/users/`, { username: 'nope', password: 'secret-pass' }, as(plainKey));
    expect([refused.statusCode, refused.json()]).toEqual([
      403,
      { detail: 'You do not have permission to perform this action.' },
    ]);
  });

  it('logs in, and the user reads and updates itself with its user key', async () => {
    const login = await post(
      `${I}/user/auth/`,
      { username: 'GERALT', password: 'roach-is-a-horse' },
      as(plainKey),
    );
    expect(login.statusCode).toBe(200);
    const userKey = login.json().user_key;
    expect(login.json().metadata.last_login_at).toMatch(/Z$/);
    expect(login.json().revision).toBe(1);
    const me = await get(`${I}/user/`, as(plainKey, userKey));
    expect(me.json()).toMatchObject({ id: 1, user_key: userKey });
    const patched = await api.request({
      method: 'PATCH',
      url: `${I}/users/1/`,
      headers: as(plainKey, userKey),
      payload: { full_name: 'White Wolf' },
    });
    expect(patched.json()).toMatchObject({ full_name: 'White Wolf', revision: 2 });
    const patchedMe = await api.request({
      method: 'PATCH',
      url: `${I}/user/`,
      headers: as(plainKey, userKey),
      payload: { full_name: 'Gwynbleidd' },
    });
    expect(patchedMe.json()).toMatchObject({ id: 1, full_name: 'Gwynbleidd', revision: 3 });
    const revert = await api.request({
      method: 'PATCH',
      url: `${I}/user/`,
      headers: as(plainKey, userKey),
      payload: { full_name: 'White Wolf' },
    });
    expect(revert.json().revision).toBe(4);
    const escalate = await api.request({
      method: 'PATCH',
      url: `${I}/users/1/`,
      headers: as(plainKey, userKey),
      payload: { status: 'active' },
    });
    expect(escalate.statusCode).toBe(403);
    const other = await get(`${I}/users/2/`, as(plainKey, userKey));
    expect(other.statusCode).toBe(403);
    const otherAsNoUser = await get(`${I}/users/1/`, as(plainKey));
    expect(otherAsNoUser.statusCode).toBe(403);
    // A user key opens no admin route, not even for its own user.
    const selfDelete = await api.request({
      method: 'DELETE',
      url: `${I}/users/1/`,
      headers: as(plainKey, userKey),
    });
    const selfReset = await post(`${I}/users/1/reset_key/`, {}, as(plainKey, userKey));
    const list = await get(`${I}/users/`, as(plainKey, userKey));
    for (const response of [selfDelete, selfReset, list]) {
      expect([response.statusCode, response.json()]).toEqual([
        403,
        { detail: 'You do not have permission to perform this action.' },
      ]);
    }
  });

  it('answers 401 for a wrong password or unknown user, and 403 for unknown user keys', async () => {
    for (const payload of [
      { username: 'geralt', password: 'wrong-password' },
      { username: 'nobody', password: 'wrong-password' },
    ]) {
      const response = await post(`${I}/user/auth/`, payload, as(plainKey));
      expect([response.statusCode, response.json()]).toEqual([
        401,
        { detail: 'Invalid username or password.' },
      ]);
    }
    const badKey = await get(`${I}/user/`, as(plainKey, `1.${'0'.repeat(64)}`));
    expect([badKey.statusCode, badKey.json()]).toEqual([403, { detail: 'No such User Key.' }]);
  });

  it('resets the key: the old one stops working', async () => {
    const before = (await get(`${I}/users/2/`)).json();
    const reset = await post(`${I}/users/2/reset_key/`, {});
    expect(reset.statusCode).toBe(200);
    expect(reset.json().user_key).not.toBe(before.user_key);
    expect(reset.json().revision).toBe(before.revision + 1);
    expect((await get(`${I}/user/`, as(plainKey, before.user_key))).statusCode).toBe(403);
    expect((await get(`${I}/user/`, as(plainKey, reset.json().user_key))).statusCode).toBe(200);
  });

  it('blocks a disabled user: login 401, key 403 "User is disabled."', async () => {
    const key = (await get(`${I}/users/3/`)).json().user_key;
    await api.request({
      method: 'PATCH',
      url: `${I}/users/3/`,
      headers: account,
      payload: { status: 'disabled' },
    });
    const login = await post(
      `${I}/user/auth/`,
      { username: 'yennefer', password: 'secret-pass' },
      as(plainKey),
    );
    expect(login.statusCode).toBe(401);
    const me = await get(`${I}/user/`, as(plainKey, key));
    expect([me.statusCode, me.json()]).toEqual([403, { detail: 'User is disabled.' }]);
  });

  it('keeps the revision on a no-op write and checks If-Match and expected_revision', async () => {
    const current = (await get(`${I}/users/4/`)).json();
    const noop = await api.request({
      method: 'PATCH',
      url: `${I}/users/4/`,
      headers: account,
      payload: { username: current.username },
    });
    expect(noop.json().revision).toBe(current.revision);
    const stale = await api.request({
      method: 'PATCH',
      url: `${I}/users/4/`,
      headers: { ...account, 'if-match': '"99"' },
      payload: { full_name: 'x' },
    });
    expect([stale.statusCode, stale.json()]).toEqual([
      412,
      { detail: `Precondition failed: current revision is ${current.revision}.` },
    ]);
    const staleBody = await api.request({
      method: 'PATCH',
      url: `${I}/users/4/`,
      headers: account,
      payload: { full_name: 'x', expected_revision: 7 },
    });
    expect([staleBody.statusCode, staleBody.json()]).toEqual([
      400,
      { expected_revision: [`Revision mismatch. Expected 7, got ${current.revision}.`] },
    ]);
  });

  it('PUT resets absent fields; renaming frees the old username', async () => {
    const replaced = await api.request({
      method: 'PUT',
      url: `${I}/users/4/`,
      headers: account,
      payload: { username: 'jaskier', email: 'j@oxenfurt.example' },
    });
    expect(replaced.json()).toMatchObject({
      username: 'jaskier',
      email: 'j@oxenfurt.example',
      full_name: null,
      status: 'unverified',
    });
    expect((await post(`${I}/users/`, { username: 'dandelion', password: 'secret-pass' })).statusCode).toBe(
      201,
    );
  });

  it('deletes a user: 404 afterwards, its username free again', async () => {
    expect((await api.request({ method: 'DELETE', url: `${I}/users/2/`, headers: account })).statusCode).toBe(
      204,
    );
    expect((await get(`${I}/users/2/`)).statusCode).toBe(404);
    expect((await get(`${I}/users/abc/`)).statusCode).toBe(404);
    expect((await post(`${I}/users/`, { username: 'ciri', password: 'secret-pass' })).statusCode).toBe(201);
  });

  it('filters lists by email, status and group', async () => {
    const ids = async (query: string) =>
      (await get(`${I}/users/?${query}`, as(adminKey))).json().objects.map((u: { id: number }) => u.id);
    expect(await ids('email=GERALT@kaer-morhen.example')).toEqual([1]);
    expect(await ids('status=disabled')).toEqual([3]);
    const group = (await post(`${I}/groups/`, { label: 'Wolves' })).json();
    await post(`${I}/groups/${group.id}/users/`, { user: 1 });
    expect(await ids(`group=${group.id}`)).toEqual([1]);
    expect(await ids(`group=${group.id}&status=active`)).toEqual([]);
    expect((await get(`${I}/users/?group=wolves`, as(adminKey))).statusCode).toBe(400);
  });

  it('describes the user_profile class from the profiles used', async () => {
    const profileClass = await get(`${I}/classes/user_profile/`, as(plainKey));
    expect(profileClass.json()).toMatchObject({
      name: 'user_profile',
      schema: expect.arrayContaining([
        { name: 'eyes', type: expect.any(String) },
        { name: 'age', type: expect.any(String) },
      ]),
    });
  });
});
