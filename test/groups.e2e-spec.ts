import type { InjectOptions } from 'fastify';
import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';

const I = '/v1.1/instances/novigrad';

interface Page {
  readonly objects: { readonly id: number }[];
  readonly next: string | null;
  readonly prev: string | null;
}

describe('groups', () => {
  let api: TestApp;
  const account = as(ACCOUNT_KEY);
  let plainKey: string;
  let adminKey: string;
  let foreignKey: string;

  const send = (method: InjectOptions['method'], url: string, payload?: unknown, headers = account) =>
    api.request({ method, url, headers, ...(payload !== undefined && { payload: payload as object }) });
  const post = (url: string, payload: unknown, headers = account) => send('POST', url, payload, headers);
  const get = (url: string, headers = account) => send('GET', url, undefined, headers);
  const issueKey = async (instance: string, flags: object) =>
    (await post(`/v1.1/instances/${instance}/api_keys/`, flags)).json().api_key as string;
  const createGroup = async (payload: object) => {
    const created = await post(`${I}/groups/`, payload);
    expect(created.statusCode).toBe(201);
    return created.json() as { id: number; revision: number; name: string | null };
  };

  beforeAll(async () => {
    api = await startTestApp();
    await post('/v1.1/instances/', { name: 'novigrad' });
    await post('/v1.1/instances/', { name: 'oxenfurt' });
    plainKey = await issueKey('novigrad', {});
    adminKey = await issueKey('novigrad', { ignore_acl: true });
    foreignKey = await issueKey('oxenfurt', { ignore_acl: true });
  });

  afterAll(() => api.close());

  it('creates a group and shows it at once, with its revision as ETag', async () => {
    const created = await post(`${I}/groups/`, { label: 'Witchers', description: 'School of the Wolf' });
    expect(created.statusCode).toBe(201);
    const group = created.json();
    expect(group).toEqual({
      id: expect.any(Number),
      label: 'Witchers',
      description: 'School of the Wolf',
      name: null,
      revision: 1,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      updated_at: expect.any(String),
      links: { self: `${I}/groups/${group.id}/`, users: `${I}/groups/${group.id}/users/` },
    });
    expect(created.headers['content-location']).toBe(`${I}/groups/${group.id}/`);
    expect(created.headers.etag).toBe('"1"');

    const fetched = await get(`${I}/groups/${group.id}`);
    expect([fetched.statusCode, fetched.json()]).toEqual([200, group]);
    expect(fetched.headers.etag).toBe('"1"');
    const list = await get(`${I}/groups/`);
    expect(list.json()).toEqual({ objects: [group], next: null, prev: null });
  });

  it('refuses invalid bodies with 400 and field codes, writing nothing', async () => {
    const before = (await get(`${I}/groups/`)).json().objects.length;
    const missing = await post(`${I}/groups/`, { description: 'no label' });
    expect([missing.statusCode, missing.json()]).toEqual([400, { label: ['This field is required.'] }]);
    expect(missing.headers['x-error-codes']).toBe('group.label.invalid');
    const bad = await post(`${I}/groups/`, { label: 'x'.repeat(65), name: 'Upper Case' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      label: ['Ensure this field has no more than 64 characters.'],
      name: [expect.stringContaining('lowercase')],
    });
    expect(bad.headers['x-error-codes']).toBe('group.label.invalid,group.name.invalid');
    const blank = await post(`${I}/groups/`, { label: '' });
    expect([blank.statusCode, blank.json()]).toEqual([400, { label: ['This field may not be blank.'] }]);
    const wrongType = await post(`${I}/groups/`, { label: 5, description: null });
    expect(wrongType.json()).toEqual({
      label: ['Not a valid string.'],
      description: ['This field may not be null.'],
    });
    expect((await get(`${I}/groups/`)).json().objects).toHaveLength(before);
  });

  it('keeps group names unique per instance with 409', async () => {
    const first = await createGroup({ label: 'Mages', name: 'mages' });
    expect(first.name).toBe('mages');
    const taken = await post(`${I}/groups/`, { label: 'Other mages', name: 'mages' });
    expect([taken.statusCode, taken.json()]).toEqual([
      409,
      { name: ['Group with this name already exists.'] },
    ]);
    expect(taken.headers['x-error-codes']).toBe('group.name.conflict');
    // Another instance has its own names.
    const elsewhere = await post('/v1.1/instances/oxenfurt/groups/', { label: 'Mages', name: 'mages' });
    expect(elsewhere.statusCode).toBe(201);
  });

  it('lets exactly one of concurrent creates with the same name win', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post(`${I}/groups/`, { label: `Racer ${i}`, name: 'racers' })),
    );
    const statuses = attempts.map((response) => response.statusCode).toSorted();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const lost of attempts.filter((response) => response.statusCode === 409)) {
      expect(lost.json()).toEqual({ name: ['Group with this name already exists.'] });
    }
    const all = (await get(`${I}/groups/?page_size=1000`)).json().objects;
    expect(all.filter((group: { name: string | null }) => group.name === 'racers')).toHaveLength(1);
  });

  it('patches the fields it names; a PATCH that changes nothing keeps the revision', async () => {
    const group = await createGroup({ label: 'Bards', description: 'songs' });
    const patched = await send('PATCH', `${I}/groups/${group.id}/`, { label: 'Poets' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id: group.id, label: 'Poets', description: 'songs', revision: 2 });
    expect(patched.headers.etag).toBe('"2"');
    expect(patched.headers['content-location']).toBe(`${I}/groups/${group.id}/`);

    const same = await send('PATCH', `${I}/groups/${group.id}/`, { label: 'Poets', description: 'songs' });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toEqual(patched.json());
    expect(same.headers.etag).toBe('"2"');
    expect((await get(`${I}/groups/${group.id}/`)).json().revision).toBe(2);
  });

  it('replaces every mutable field on PUT, absent ones to their defaults', async () => {
    const group = await createGroup({ label: 'Knights', description: 'of the order', name: 'knights' });
    const replaced = await send('PUT', `${I}/groups/${group.id}/`, { label: 'Flaming Rose' });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({
      label: 'Flaming Rose',
      description: '',
      name: null,
      revision: 2,
    });
    expect(replaced.headers.etag).toBe('"2"');
    // The name was released with the PUT.
    expect((await post(`${I}/groups/`, { label: 'New knights', name: 'knights' })).statusCode).toBe(201);
    const noLabel = await send('PUT', `${I}/groups/${group.id}/`, { description: 'x' });
    expect([noLabel.statusCode, noLabel.json()]).toEqual([400, { label: ['This field is required.'] }]);
  });

  it('moves the name reservation on a rename', async () => {
    const group = await createGroup({ label: 'Spies', name: 'spies' });
    const other = await createGroup({ label: 'Guards', name: 'guards' });
    const renamed = await send('PATCH', `${I}/groups/${group.id}/`, { name: 'redanian-intelligence' });
    expect(renamed.json()).toMatchObject({ name: 'redanian-intelligence', revision: 2 });
    // The old name is free, the new one is taken.
    expect((await post(`${I}/groups/`, { label: 'Spies again', name: 'spies' })).statusCode).toBe(201);
    const clash = await send('PATCH', `${I}/groups/${other.id}/`, { name: 'redanian-intelligence' });
    expect([clash.statusCode, clash.json()]).toEqual([
      409,
      { name: ['Group with this name already exists.'] },
    ]);
    expect((await get(`${I}/groups/${other.id}/`)).json()).toMatchObject({ name: 'guards', revision: 1 });
    // Clearing the name releases it.
    await send('PATCH', `${I}/groups/${group.id}/`, { name: null });
    expect((await post(`${I}/groups/`, { label: 'RI', name: 'redanian-intelligence' })).statusCode).toBe(201);
  });

  it('checks If-Match (412) and expected_revision (400) on PATCH, PUT and DELETE', async () => {
    const group = await createGroup({ label: 'Temple guard' });
    const url = `${I}/groups/${group.id}/`;
    const withIfMatch = (method: 'PATCH' | 'PUT' | 'DELETE', ifMatch: string, payload?: object) =>
      api.request({ method, url, headers: { ...account, 'if-match': ifMatch }, ...(payload && { payload }) });

    const ok = await withIfMatch('PATCH', '"1"', { label: 'Temple guards' });
    expect([ok.statusCode, ok.headers.etag]).toEqual([200, '"2"']);
    for (const [method, payload] of [
      ['PATCH', { label: 'Stale' }],
      ['PUT', { label: 'Stale' }],
      ['DELETE', undefined],
    ] as const) {
      const stale = await withIfMatch(method, '"1"', payload);
      expect([stale.statusCode, stale.json()]).toEqual([
        412,
        { detail: 'Precondition failed: current revision is 2.' },
      ]);
      expect(stale.headers['x-error-codes']).toBe('revision.mismatch');
    }
    const staleBody = await send('PATCH', url, { label: 'Stale', expected_revision: 1 });
    expect([staleBody.statusCode, staleBody.json()]).toEqual([
      400,
      { expected_revision: ['Revision mismatch. Expected 1, got 2.'] },
    ]);
    const staleDelete = await send('DELETE', url, { expected_revision: 1 });
    expect(staleDelete.statusCode).toBe(400);
    const any = await withIfMatch('PUT', '*', { label: 'Any' });
    expect([any.statusCode, any.headers.etag]).toEqual([200, '"3"']);
    expect((await get(url)).json()).toMatchObject({ label: 'Any', revision: 3 });
    const deleted = await send('DELETE', url, { expected_revision: 3 });
    expect(deleted.statusCode).toBe(204);
  });

  it('deletes a group: it answers 404, leaves lists and frees its name', async () => {
    const group = await createGroup({ label: 'Doomed', name: 'doomed' });
    const deleted = await send('DELETE', `${I}/groups/${group.id}/`);
    expect([deleted.statusCode, deleted.body]).toEqual([204, '']);
    const gone = await get(`${I}/groups/${group.id}/`);
    expect([gone.statusCode, gone.json()]).toEqual([404, { detail: 'Not found.' }]);
    expect(gone.headers['x-error-codes']).toBe('resource.not_found');
    const ids = (await get(`${I}/groups/?page_size=1000`)).json().objects.map((g: { id: number }) => g.id);
    expect(ids).not.toContain(group.id);
    expect((await send('DELETE', `${I}/groups/${group.id}/`)).statusCode).toBe(404);
    expect((await send('PATCH', `${I}/groups/${group.id}/`, { label: 'Back' })).statusCode).toBe(404);
    expect((await post(`${I}/groups/`, { label: 'Reborn', name: 'doomed' })).statusCode).toBe(201);
  });

  it('answers 404 for unknown and non-numeric ids', async () => {
    for (const id of ['999999', 'abc', '0', '-1', '1.5']) {
      const response = await get(`${I}/groups/${id}/`);
      expect([response.statusCode, response.json()]).toEqual([404, { detail: 'Not found.' }]);
    }
    expect((await send('PUT', `${I}/groups/999999/`, { label: 'x' })).statusCode).toBe(404);
    // Body validation answers before the lookup.
    const invalid = await send('PATCH', `${I}/groups/999999/`, { label: '' });
    expect(invalid.statusCode).toBe(400);
  });

  it('pages groups by id in both directions', async () => {
    const pages = 'pages-of-groups';
    await post('/v1.1/instances/', { name: pages });
    const P = `/v1.1/instances/${pages}`;
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push((await post(`${P}/groups/`, { label: `g${i}` })).json().id);

    const seen: number[] = [];
    const forward: string[] = [];
    let url: string | null = `${P}/groups/?page_size=3`;
    while (url !== null) {
      forward.push(url);
      const page: Page = (await get(url)).json();
      expect(page.objects.length).toBeLessThanOrEqual(3);
      seen.push(...page.objects.map((g) => g.id));
      url = page.next;
    }
    expect(seen).toEqual(ids);
    expect(forward).toHaveLength(3);
    expect(forward[1]).toBe(`${P}/groups/?page_size=3&direction=1&last_pk=${ids[2]}`);

    const first = (await get(`${P}/groups/?page_size=3`)).json();
    expect(first.prev).toBeNull();
    const last: Page = (await get(forward[2]!)).json();
    expect(last.objects.map((g) => g.id)).toEqual([ids[6]]);
    expect(last.next).toBeNull();
    // Back from the last page: descending, every earlier id exactly once.
    const back: number[] = [];
    url = last.prev;
    while (url !== null) {
      const page: Page = (await get(url)).json();
      back.push(...page.objects.map((g) => g.id));
      url = page.next;
    }
    expect(back).toEqual(ids.slice(0, 6).toReversed());

    const descending = (await get(`${P}/groups/?direction=0&page_size=2`)).json();
    expect(descending.objects.map((g: { id: number }) => g.id)).toEqual([ids[6], ids[5]]);
    const repeated = (await get(`${P}/groups/?page_size=1&page_size=2`)).json();
    expect(repeated.objects).toHaveLength(2);
    for (const size of ['0', '1001', 'ten']) {
      const refused = await get(`${P}/groups/?page_size=${size}`);
      expect(refused.statusCode).toBe(400);
      expect(Object.keys(refused.json())).toEqual(['page_size']);
    }
  });

  it('lets any key of the instance read groups, and only admins write them', async () => {
    const group = await createGroup({ label: 'Readable' });
    const plain = as(plainKey);
    expect((await get(`${I}/groups/`, plain)).statusCode).toBe(200);
    expect((await get(`${I}/groups/${group.id}/`, plain)).json()).toMatchObject({ id: group.id });
    const denied = { detail: 'You do not have permission to perform this action.' };
    for (const [method, url, payload] of [
      ['POST', `${I}/groups/`, { label: 'Nope' }],
      // Permission answers before validation.
      ['POST', `${I}/groups/`, {}],
      ['PATCH', `${I}/groups/${group.id}/`, { label: 'Nope' }],
      ['PUT', `${I}/groups/${group.id}/`, { label: 'Nope' }],
      ['DELETE', `${I}/groups/${group.id}/`, undefined],
    ] as const) {
      const response = await send(method, url, payload, plain);
      expect([response.statusCode, response.json()]).toEqual([403, denied]);
      expect(response.headers['x-error-codes']).toBe('auth.permission.denied');
    }
    const byAdminKey = await post(`${I}/groups/`, { label: 'By admin key' }, as(adminKey));
    expect(byAdminKey.statusCode).toBe(201);
    const patched = await send('PATCH', `${I}/groups/${group.id}/`, { label: 'Edited' }, as(adminKey));
    expect(patched.statusCode).toBe(200);
  });

  it('answers credentials and instance problems first', async () => {
    const none = await api.request({ method: 'GET', url: `${I}/groups/` });
    expect([none.statusCode, none.json()]).toEqual([
      403,
      { detail: 'Authentication credentials were not provided.' },
    ]);
    const unknown = await get(`${I}/groups/`, as('not-a-key'));
    expect([unknown.statusCode, unknown.json()]).toEqual([403, { detail: 'No such API Key.' }]);
    for (const response of [
      await get(`${I}/groups/`, as(foreignKey)),
      await post(`${I}/groups/`, { label: 'x' }, as(foreignKey)),
      await get(`/v1.1/instances/ghost/groups/`),
    ]) {
      expect([response.statusCode, response.json()]).toEqual([404, { detail: 'Instance was not found.' }]);
    }
  });

  it('replays a create with the same Idempotency-Key instead of writing again', async () => {
    const headers = { ...account, 'idempotency-key': 'create-group-once' };
    const first = await post(`${I}/groups/`, { label: 'Once', name: 'once' }, headers);
    const again = await post(`${I}/groups/`, { label: 'Once', name: 'once' }, headers);
    expect(first.statusCode).toBe(201);
    expect([again.statusCode, again.json()]).toEqual([201, first.json()]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await post(`${I}/groups/`, { label: 'Twice', name: 'once' }, headers);
    expect(other.statusCode).toBe(422);
  });
});
