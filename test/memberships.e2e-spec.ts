import type { InjectOptions } from 'fastify';
import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';

const I = '/v1.1/instances/kaedwen';

interface Page<T> {
  readonly objects: T[];
  readonly next: string | null;
  readonly prev: string | null;
}
type Member = { readonly user: { readonly id: number }; readonly links: { readonly self: string } };
type Joined = { readonly group: { readonly id: number }; readonly links: { readonly self: string } };

describe('memberships', () => {
  let api: TestApp;
  const account = as(ACCOUNT_KEY);
  let plainKey: string;

  const send = (method: InjectOptions['method'], url: string, payload?: unknown, headers = account) =>
    api.request({ method, url, headers, ...(payload !== undefined && { payload: payload as object }) });
  const post = (url: string, payload: unknown, headers = account) => send('POST', url, payload, headers);
  const get = (url: string, headers = account) => send('GET', url, undefined, headers);
  const createUser = async (username: string) => {
    const created = await post(`${I}/users/`, { username, password: 'secret-pass' });
    expect(created.statusCode).toBe(201);
    return created.json() as { id: number; user_key: string; revision: number };
  };
  const createGroup = async (label: string) => {
    const created = await post(`${I}/groups/`, { label });
    expect(created.statusCode).toBe(201);
    return created.json() as { id: number; revision: number };
  };
  const addMember = (groupId: number, userId: unknown, headers = account) =>
    post(`${I}/groups/${groupId}/users/`, { user: userId }, headers);
  const join = (userId: number, groupId: unknown, headers = account) =>
    post(`${I}/users/${userId}/groups/`, { group: groupId }, headers);
  const groupIdsOf = async (userId: number) =>
    ((await get(`${I}/users/${userId}/groups/`)).json() as Page<Joined>).objects.map((m) => m.group.id);
  const memberIdsOf = async (groupId: number) =>
    ((await get(`${I}/groups/${groupId}/users/`)).json() as Page<Member>).objects.map((m) => m.user.id);

  beforeAll(async () => {
    api = await startTestApp();
    await post('/v1.1/instances/', { name: 'kaedwen' });
    plainKey = (await post(`${I}/api_keys/`, {})).json().api_key;
  });

  afterAll(() => api.close());

  it('adds a user to a group: {user, links}, and the group revision moves, not the user one', async () => {
    const user = await createUser('henselt');
    const group = await createGroup('Kings');
    const added = await addMember(group.id, user.id);
    expect(added.statusCode).toBe(201);
    const self = `${I}/groups/${group.id}/users/${user.id}/`;
    expect(added.json()).toEqual({
      user: expect.objectContaining({
        id: user.id,
        username: 'henselt',
        revision: 1,
        user_key: user.user_key,
        groups: [expect.objectContaining({ id: group.id, label: 'Kings' })],
        links: expect.objectContaining({ self: `${I}/users/${user.id}/` }),
      }),
      links: { self },
    });
    expect(added.body).not.toMatch(/password|argon2/);
    expect(added.headers['content-location']).toBe(self);

    const member = await get(self);
    expect([member.statusCode, member.json()]).toEqual([200, added.json()]);
    expect((await get(`${I}/groups/${group.id}/`)).json().revision).toBe(2);
    expect((await get(`${I}/users/${user.id}/`)).json()).toMatchObject({
      revision: 1,
      groups: [{ id: group.id, label: 'Kings' }],
    });
  });

  it('refuses a duplicate, an unknown or deleted user, and an unknown group', async () => {
    const user = await createUser('foltest');
    const group = await createGroup('Temerians');
    expect((await addMember(group.id, user.id)).statusCode).toBe(201);

    const duplicate = await addMember(group.id, user.id);
    expect([duplicate.statusCode, duplicate.json()]).toEqual([
      400,
      { __all__: ['Membership with this User and Group already exists.'] },
    ]);
    expect(duplicate.headers['x-error-codes']).toBe('membership.conflict');

    const unknownUser = await addMember(group.id, 99);
    expect([unknownUser.statusCode, unknownUser.json()]).toEqual([
      400,
      { user: ['Invalid pk "99" - object does not exist.'] },
    ]);
    const gone = await createUser('adda');
    expect((await send('DELETE', `${I}/users/${gone.id}/`)).statusCode).toBe(204);
    const deletedUser = await addMember(group.id, gone.id);
    expect([deletedUser.statusCode, deletedUser.json()]).toEqual([
      400,
      { user: [`Invalid pk "${gone.id}" - object does not exist.`] },
    ]);

    for (const path of ['999999', 'abc']) {
      const unknownGroup = await post(`${I}/groups/${path}/users/`, { user: user.id });
      expect([unknownGroup.statusCode, unknownGroup.json()]).toEqual([404, { detail: 'Not found.' }]);
    }
    // Body validation answers before the lookup of the group.
    const noUser = await post(`${I}/groups/999999/users/`, {});
    expect([noUser.statusCode, noUser.json()]).toEqual([400, { user: ['This field is required.'] }]);
    const notAnId = await addMember(group.id, 'five');
    expect([notAnId.statusCode, notAnId.json()]).toEqual([400, { user: ['A valid integer is required.'] }]);
    expect(await memberIdsOf(group.id)).toEqual([user.id]);
    expect((await get(`${I}/groups/${group.id}/`)).json().revision).toBe(2);
  });

  it('lists members as {user, links} paged on the user id, and removes one', async () => {
    const group = await createGroup('Mages of Ban Ard');
    const users = [];
    for (const name of ['tissaia', 'vilgefortz', 'artaud', 'radcliffe', 'lytta'])
      users.push(await createUser(name));
    // Joined out of id order: pages follow the user id, not the joining order.
    for (const user of users.toReversed()) expect((await addMember(group.id, user.id)).statusCode).toBe(201);
    const ids = users.map((user) => user.id);

    const seen: number[] = [];
    let url: string | null = `${I}/groups/${group.id}/users/?page_size=2`;
    let pages = 0;
    while (url !== null) {
      const page: Page<Member> = (await get(url)).json();
      for (const member of page.objects) {
        expect(member.links.self).toBe(`${I}/groups/${group.id}/users/${member.user.id}/`);
        seen.push(member.user.id);
      }
      if (pages > 0) expect(page.prev).not.toBeNull();
      url = page.next;
      pages += 1;
    }
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
    const second: Page<Member> = (
      await get(`${I}/groups/${group.id}/users/?page_size=2&direction=1&last_pk=${ids[1]}`)
    ).json();
    expect(second.prev).toBe(`${I}/groups/${group.id}/users/?page_size=2&direction=0&last_pk=${ids[2]}`);
    const back: Page<Member> = (await get(second.prev!)).json();
    expect(back.objects.map((m) => m.user.id)).toEqual([ids[1], ids[0]]);
    expect(back.next).toBeNull();

    const removed = await send('DELETE', `${I}/groups/${group.id}/users/${ids[2]}/`);
    expect([removed.statusCode, removed.body]).toEqual([204, '']);
    expect(await memberIdsOf(group.id)).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    const member = await get(`${I}/groups/${group.id}/users/${ids[2]}/`);
    expect([member.statusCode, member.json()]).toEqual([404, { detail: 'Not found.' }]);
    expect((await send('DELETE', `${I}/groups/${group.id}/users/${ids[2]}/`)).statusCode).toBe(404);
    expect((await get(`${I}/groups/999999/users/`)).statusCode).toBe(404);
    expect((await get(`${I}/groups/${group.id}/users/?page_size=0`)).statusCode).toBe(400);
    // A user who was removed may join again.
    expect((await addMember(group.id, ids[2])).statusCode).toBe(201);
  });

  it('manages memberships from the user side: {group, links}', async () => {
    const user = await createUser('demavend');
    const first = await createGroup('Aedirn');
    const second = await createGroup('Lyria');
    const joined = await join(user.id, second.id);
    expect(joined.statusCode).toBe(201);
    const self = `${I}/users/${user.id}/groups/${second.id}/`;
    expect(joined.json()).toEqual({
      group: expect.objectContaining({ id: second.id, label: 'Lyria', revision: 2 }),
      links: { self },
    });
    expect(joined.headers['content-location']).toBe(self);
    expect((await join(user.id, first.id)).statusCode).toBe(201);
    expect((await get(self)).json()).toEqual(joined.json());

    const duplicate = await join(user.id, second.id);
    expect([duplicate.statusCode, duplicate.json()]).toEqual([
      400,
      { __all__: ['Membership with this User and Group already exists.'] },
    ]);
    const unknownGroup = await join(user.id, 99);
    expect([unknownGroup.statusCode, unknownGroup.json()]).toEqual([
      400,
      { group: ['Invalid pk "99" - object does not exist.'] },
    ]);
    const unknownUser = await join(999999, first.id);
    expect([unknownUser.statusCode, unknownUser.json()]).toEqual([404, { detail: 'Not found.' }]);
    expect((await post(`${I}/users/${user.id}/groups/`, {})).json()).toEqual({
      group: ['This field is required.'],
    });

    const list: Page<Joined> = (await get(`${I}/users/${user.id}/groups/?page_size=1`)).json();
    expect(list.objects.map((m) => m.group.id)).toEqual([first.id]);
    expect(list.objects[0]!.links.self).toBe(`${I}/users/${user.id}/groups/${first.id}/`);
    const next: Page<Joined> = (await get(list.next!)).json();
    expect([next.objects.map((m) => m.group.id), next.next]).toEqual([[second.id], null]);
    expect(await memberIdsOf(second.id)).toEqual([user.id]);

    expect((await send('DELETE', self)).statusCode).toBe(204);
    expect(await groupIdsOf(user.id)).toEqual([first.id]);
    expect((await get(self)).statusCode).toBe(404);
    expect((await send('DELETE', self)).statusCode).toBe(404);
    expect((await get(`${I}/users/999999/groups/`)).statusCode).toBe(404);
    expect((await get(`${I}/users/abc/groups/`)).statusCode).toBe(404);
  });

  it('ends the memberships of a deleted group (the user groups list empties)', async () => {
    const user = await createUser('meve');
    const group = await createGroup('Lyria and Rivia');
    const other = await createUser('villentretenmerth');
    await join(user.id, group.id);
    await addMember(group.id, other.id);
    expect(await groupIdsOf(user.id)).toEqual([group.id]);

    expect((await send('DELETE', `${I}/groups/${group.id}/`)).statusCode).toBe(204);
    expect(await groupIdsOf(user.id)).toEqual([]);
    expect(await groupIdsOf(other.id)).toEqual([]);
    expect((await get(`${I}/users/${user.id}/`)).json().groups).toEqual([]);
    expect((await get(`${I}/groups/${group.id}/users/`)).statusCode).toBe(404);
  });

  it('ends the memberships of a deleted user', async () => {
    const user = await createUser('calanthe');
    const group = await createGroup('Cintra');
    await addMember(group.id, user.id);
    const before = (await get(`${I}/groups/${group.id}/`)).json().revision as number;
    expect((await send('DELETE', `${I}/users/${user.id}/`)).statusCode).toBe(204);
    expect(await memberIdsOf(group.id)).toEqual([]);
    // The reactor ends the membership with a MembershipRemoved in the group's stream (asynchronously).
    const deadline = Date.now() + 10_000;
    let revision = before;
    while (revision === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      revision = (await get(`${I}/groups/${group.id}/`)).json().revision;
    }
    expect(revision).toBe(before + 1);
  });

  it('lets a user key list its own groups only; everything else needs an admin', async () => {
    const user = await createUser('eist');
    const other = await createUser('pavetta');
    const group = await createGroup('Skellige');
    await join(user.id, group.id);
    await join(other.id, group.id);
    const own = as(plainKey, user.user_key);
    const denied = [403, { detail: 'You do not have permission to perform this action.' }];

    const mine = await get(`${I}/users/${user.id}/groups/`, own);
    expect(mine.statusCode).toBe(200);
    expect((mine.json() as Page<Joined>).objects.map((m) => m.group.id)).toEqual([group.id]);
    for (const response of [
      await get(`${I}/users/${other.id}/groups/`, own),
      await get(`${I}/users/${user.id}/groups/`, as(plainKey)),
      await get(`${I}/users/${user.id}/groups/${group.id}/`, own),
      await join(user.id, group.id, own),
      await send('DELETE', `${I}/users/${user.id}/groups/${group.id}/`, undefined, own),
      await get(`${I}/groups/${group.id}/users/`, as(plainKey)),
      await get(`${I}/groups/${group.id}/users/${user.id}/`, own),
      await addMember(group.id, user.id, as(plainKey)),
      await send('DELETE', `${I}/groups/${group.id}/users/${user.id}/`, undefined, own),
    ]) {
      expect([response.statusCode, response.json()]).toEqual(denied);
    }
    const adminKey = (await post(`${I}/api_keys/`, { ignore_acl: true })).json().api_key;
    expect((await get(`${I}/groups/${group.id}/users/`, as(adminKey))).statusCode).toBe(200);
    expect((await get(`${I}/users/${other.id}/groups/`, as(adminKey))).statusCode).toBe(200);
  });

  it('hides the instance from a key of another instance', async () => {
    await post('/v1.1/instances/', { name: 'nilfgaard' });
    const foreign = (await post('/v1.1/instances/nilfgaard/api_keys/', { ignore_acl: true })).json().api_key;
    const user = await createUser('emhyr');
    const group = await createGroup('Empire');
    for (const response of [
      await get(`${I}/groups/${group.id}/users/`, as(foreign)),
      await addMember(group.id, user.id, as(foreign)),
      await get(`${I}/users/${user.id}/groups/`, as(foreign)),
    ]) {
      expect([response.statusCode, response.json()]).toEqual([404, { detail: 'Instance was not found.' }]);
    }
  });

  it('replays a membership POST with its Idempotency-Key as {user, links} / {group, links}', async () => {
    const user = await createUser('triss');
    const group = await createGroup('Lodge');
    const headers = { ...account, 'idempotency-key': 'join-the-lodge' };
    const first = await addMember(group.id, user.id, headers);
    const again = await addMember(group.id, user.id, headers);
    expect(first.statusCode).toBe(201);
    expect([again.statusCode, again.json()]).toEqual([201, first.json()]);
    expect(again.headers['idempotent-replayed']).toBe('true');

    const other = await createGroup('Chapter');
    const fromUser = { ...account, 'idempotency-key': 'join-the-chapter' };
    const joined = await join(user.id, other.id, fromUser);
    const rejoined = await join(user.id, other.id, fromUser);
    expect([rejoined.statusCode, rejoined.json()]).toEqual([201, joined.json()]);
    expect(await groupIdsOf(user.id)).toEqual([group.id, other.id]);
  });
});
