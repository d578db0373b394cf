import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';
import {
  allPages,
  connect,
  listen,
  requestError,
  settle,
  type Connection,
  type GroupModel,
  type UserModel,
} from './support/syncano-client.js';

// The `syncano` npm client 1.0.30, unchanged, against the server on a loopback port.
// (The client requires an instance name of at least 5 characters: src/models/user.js constraints.)
const INSTANCE = 'kaer-morhen';
const I = `/v1.1/instances/${INSTANCE}`;
const PASSWORD = 'roach-is-a-horse';

describe('the syncano npm client 1.0.30', () => {
  let api: TestApp;
  let baseUrl: string;
  let creatorKey: string;
  let admin: Connection;
  const users: UserModel[] = [];

  beforeAll(async () => {
    api = await startTestApp();
    const post = (url: string, payload: object) =>
      api.request({ method: 'POST', url, headers: as(ACCOUNT_KEY), payload });
    const instance = await post('/v1.1/instances/', { name: INSTANCE });
    if (instance.statusCode !== 201) throw new Error(`instance: ${instance.statusCode} ${instance.body}`);
    creatorKey = (await post(`${I}/api_keys/`, { allow_user_create: true })).json().api_key;
    baseUrl = await listen(api);
    admin = connect({ baseUrl, accountKey: ACCOUNT_KEY, defaults: { instanceName: INSTANCE } });
  });

  afterAll(() => api.close());

  it('creates users, with the account key and with an allow_user_create API key', async () => {
    for (const username of ['geralt', 'ciri', 'yennefer', 'dandelion']) {
      users.push(
        await settle(
          admin.User.please().create({
            username,
            password: PASSWORD,
            email: `${username}@kaer-morhen.example`,
            profile: { school: 'wolf' },
          }),
        ),
      );
    }
    const app = connect({ baseUrl, apiKey: creatorKey, defaults: { instanceName: INSTANCE } });
    users.push(await settle(app.User.please().create({ username: 'zoltan', password: PASSWORD })));

    expect(users.map((u) => [u.id, u.username])).toEqual([
      [1, 'geralt'],
      [2, 'ciri'],
      [3, 'yennefer'],
      [4, 'dandelion'],
      [5, 'zoltan'],
    ]);
    const [geralt] = users;
    expect(geralt).toMatchObject({
      instanceName: INSTANCE,
      email: 'geralt@kaer-morhen.example',
      status: 'unverified',
      revision: 1,
      profile: { owner: 1, school: 'wolf' },
      links: { self: `${I}/users/1/` },
    });
    expect(geralt.user_key).toMatch(/^1\.[0-9a-f]{64}$/);
    expect(geralt.created_at).toBeInstanceOf(Date);
    expect(geralt).not.toHaveProperty('password');
  });

  it('lists users by pages of 2, following next (ResultSet#next and please().all)', async () => {
    const first = await settle(admin.User.please().list().pageSize(2));
    expect(first.hasPrev()).toBe(false);
    const pages = await allPages(first);
    expect(pages.map((page) => page.map((u) => u.id))).toEqual([[1, 2], [3, 4], [5]]);
    expect(pages.flat().every((u) => u.instanceName === INSTANCE && typeof u.user_key === 'string')).toBe(
      true,
    );

    // prev is the reverse cursor: descending ids from the page before.
    const second = await settle(first.next());
    expect(second.hasPrev()).toBe(true);
    expect((await settle(second.prev())).map((u) => u.id)).toEqual([2, 1]);

    const walked = await new Promise<{ pages: number; ids: number[] }>((resolve, reject) => {
      let count = 0;
      const all = admin.User.please().all({}, { page_size: 2 });
      all.on('page', () => count++);
      all.on('stop', (objects) => resolve({ pages: count, ids: objects.map((u) => u.id) }));
      all.on('error', reject);
    });
    expect(walked).toEqual({ pages: 3, ids: [1, 2, 3, 4, 5] });
  });

  it('gets a user', async () => {
    const geralt = await settle(admin.User.please().get({ id: 1 }));
    expect(geralt).toMatchObject({ id: 1, username: 'geralt', user_key: users[0].user_key, revision: 1 });
    expect(geralt.updated_at).toBeInstanceOf(Date);
  });

  it('updates a user with PATCH (please().update)', async () => {
    const updated = await settle(
      admin.User.please().update(
        { id: 1 },
        { full_name: 'Geralt of Rivia', profile: { school: 'wolf', age: 97 } },
      ),
    );
    expect(updated).toMatchObject({
      id: 1,
      full_name: 'Geralt of Rivia',
      revision: 2,
      profile: { school: 'wolf', age: 97 },
    });
  });

  it('resets a user key; the old key is refused', async () => {
    const before = users[1];
    const reset = await settle(admin.User.please().resetKey({ id: before.id }));
    expect(reset.id).toBe(before.id);
    expect(reset.user_key).toMatch(/^2\.[0-9a-f]{64}$/);
    expect(reset.user_key).not.toBe(before.user_key);

    const stale = connect({
      baseUrl,
      apiKey: creatorKey,
      userKey: before.user_key,
      defaults: { instanceName: INSTANCE },
    });
    const refused = await requestError(stale.User.please().get({}));
    expect([refused.status, refused.errors]).toEqual([403, { detail: 'No such User Key.' }]);

    // The model's own resetKey() does the same.
    const again = await settle(reset.resetKey());
    expect([again.id, again.instanceName]).toEqual([before.id, INSTANCE]);
    expect(again.user_key).toMatch(/^2\.[0-9a-f]{64}$/);
    expect(again.user_key).not.toBe(reset.user_key);
    users[1] = again;
  });

  it('logs in (user/auth/): the client keeps the user key and reads its own user', async () => {
    const app = connect({ baseUrl, apiKey: creatorKey, defaults: { instanceName: INSTANCE } });
    const ciri = await settle(app.User.please().login({}, { username: 'CIRI', password: PASSWORD }));
    expect(ciri).toMatchObject({ id: 2, username: 'ciri', user_key: users[1].user_key });
    expect(app.getUserKey()).toBe(users[1].user_key);

    // With an API key and a user key (no account key) the client's get() reads {i}/user/.
    expect(await settle(app.User.please().get({}))).toMatchObject({ id: 2, username: 'ciri' });

    const anon = connect({ baseUrl, apiKey: creatorKey, defaults: { instanceName: INSTANCE } });
    const failed = await requestError(
      anon.User.please().login({}, { username: 'ciri', password: 'wrong-pass' }),
    );
    expect([failed.status, failed.errors, failed.message]).toEqual([
      401,
      { detail: 'Invalid username or password.' },
      'Invalid username or password.',
    ]);
    expect(anon.getUserKey()).toBeNull();
  });

  it('creates an instance and an API key through the client too', async () => {
    const instance = await settle(
      admin.Instance.please().create({ name: 'kaer-seren', description: 'Isle' }),
    );
    expect(instance).toMatchObject({
      name: 'kaer-seren',
      description: 'Isle',
      links: { self: expect.any(String) },
    });
    const key = await settle(
      admin.ApiKey.please({ instanceName: 'kaer-seren' }).create({
        allow_user_create: true,
        description: 'app',
      }),
    );
    expect(key).toMatchObject({
      id: expect.any(Number),
      instanceName: 'kaer-seren',
      allow_user_create: true,
    });
    const app = connect({ baseUrl, apiKey: key.api_key, defaults: { instanceName: 'kaer-seren' } });
    const avallach = await settle(app.User.please().create({ username: 'avallach', password: PASSWORD }));
    expect([avallach.id, avallach.instanceName]).toEqual([1, 'kaer-seren']);
  });

  describe('groups and memberships', () => {
    let witchers: GroupModel;

    it('creates a group', async () => {
      witchers = await settle(
        admin.Group.please().create({ label: 'Witchers', description: 'School of the Wolf' }),
      );
      expect(witchers).toMatchObject({
        id: expect.any(Number),
        instanceName: INSTANCE,
        label: 'Witchers',
        description: 'School of the Wolf',
        name: null,
        links: { self: `${I}/groups/${witchers.id}/`, users: `${I}/groups/${witchers.id}/users/` },
      });
      expect(witchers.created_at).toBeInstanceOf(Date);
      const listed = await settle(admin.Group.please().list());
      expect(listed.map((g) => g.label)).toEqual(['Witchers']);
    });

    it('adds members: from the group side (please and model) and from the user side', async () => {
      const geralt = await settle(admin.Group.please().addUser({ id: witchers.id }, { user: 1 }));
      expect(geralt).toMatchObject({ id: 1, username: 'geralt' });
      expect(await settle(witchers.addUser({ user: 2 }))).toMatchObject({ id: 2, username: 'ciri' });
      const joined = await settle(admin.User.please().addGroup({ user: 3 }, { group: witchers.id }));
      expect(joined).toMatchObject({ id: witchers.id, label: 'Witchers' });
    });

    it('surfaces a duplicate membership as a RequestError with the Syncano body', async () => {
      const duplicate = await requestError(admin.Group.please().addUser({ id: witchers.id }, { user: 1 }));
      expect(duplicate.status).toBe(400);
      expect(duplicate.errors).toEqual({ __all__: ['Membership with this User and Group already exists.'] });
      expect(duplicate.message).toBe('Membership with this User and Group already exists.');
      expect(duplicate.response.headers['x-error-codes']).toBe('membership.conflict');
    });

    it('lists group members and a user’s groups', async () => {
      const members = await settle(admin.Group.please().users({ id: witchers.id }));
      expect(members.map((u) => [u.id, u.username])).toEqual([
        [1, 'geralt'],
        [2, 'ciri'],
        [3, 'yennefer'],
      ]);
      expect(members.hasNext()).toBe(false);
      expect((await settle(witchers.users())).map((u) => u.id)).toEqual([1, 2, 3]);
      const groups = await settle(admin.User.please().getGroups({ user: 2 }));
      expect(groups.map((g) => [g.id, g.label])).toEqual([[witchers.id, 'Witchers']]);
    });

    it('removes a member, deletes a user and a group', async () => {
      await settle(admin.Group.please().deleteUser({ id: witchers.id }, { user: 2 }));
      expect((await settle(witchers.users())).map((u) => u.id)).toEqual([1, 3]);

      await settle(admin.User.please().delete({ id: 3 }));
      const gone = await requestError(admin.User.please().get({ id: 3 }));
      expect([gone.status, gone.errors]).toEqual([404, { detail: 'Not found.' }]);
      expect((await settle(witchers.users())).map((u) => u.id)).toEqual([1]);

      await settle(witchers.delete());
      const deleted = await requestError(admin.Group.please().get({ id: witchers.id }));
      expect([deleted.status, deleted.errors]).toEqual([404, { detail: 'Not found.' }]);
      expect((await settle(admin.User.please().getGroups({ user: 1 }))).length).toBe(0);
    });
  });
});
