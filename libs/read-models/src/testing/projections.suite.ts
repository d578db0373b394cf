import { quoteSchema } from '../schema/schema-name.js';
import { ADMIN } from './event-fixture.js';
import { firstPage, type ReadModelContext } from './read-model-context.js';

/** Each event type's effect on the read models, through the real store and projector. */
export function describeProjections(ctx: () => ReadModelContext): void {
  describe('projections', () => {
    it('instances: created, listed and found by name; a deleted one disappears', async () => {
      const { events, instances } = ctx();
      const createdAt = events.nextTime();
      await events.createInstance('acme', 1, 'Acme Corp');
      await events.createInstance('globex', 2);
      await ctx().settle();
      expect(await instances.findByName('acme')).toEqual({
        id: 1,
        name: 'acme',
        description: 'Acme Corp',
        createdAt,
        createdBy: ADMIN,
      });
      expect((await instances.list(firstPage())).map((row) => row.name)).toEqual(['acme', 'globex']);

      await events.deleteInstance('acme', 1);
      await ctx().settle();
      expect(await instances.findByName('acme')).toBeNull();
      expect(await instances.exists('acme')).toBe(false);
      expect(await instances.exists('globex')).toBe(true);
      expect((await instances.list(firstPage())).map((row) => row.name)).toEqual(['globex']);
    });

    it('keys: account and API keys by digest, flag updates, revocation, keys of a deleted instance', async () => {
      const { events, keys } = ctx();
      await events.createInstance('acme', 1);
      await events.issueAccountKey(1, 'a'.repeat(64));
      await events.issueAccountKey(2, 'b'.repeat(64));
      await events.revokeAccountKey(1);
      const issuedAt = events.nextTime();
      await events.issueApiKey('acme', 1, 'c'.repeat(64), { description: 'web', allowUserCreate: true });
      await events.issueApiKey('acme', 2, 'd'.repeat(64));
      const updatedAt = events.nextTime();
      await events.updateApiKey('acme', 1, { ignoreAcl: true, description: 'web app' });
      await events.revokeApiKey('acme', 2);
      await ctx().settle();

      expect(await keys.accountKeyId('a'.repeat(64))).toBeNull();
      expect(await keys.accountKeyId('b'.repeat(64))).toBe(2);
      expect(await keys.apiKeyByDigest('c'.repeat(64))).toEqual({
        id: 1,
        instance: 'acme',
        allowUserCreate: true,
        ignoreAcl: true,
      });
      expect(await keys.apiKeyByDigest('d'.repeat(64))).toBeNull();
      expect(await keys.listApiKeys('acme', firstPage())).toEqual([
        {
          instance: 'acme',
          id: 1,
          description: 'web app',
          allowUserCreate: true,
          ignoreAcl: true,
          createdAt: issuedAt,
          createdBy: ADMIN,
          updatedAt,
        },
      ]);
      expect(await keys.getApiKey('acme', 2)).toBeNull();
      expect((await keys.getApiKey('acme', 1))?.description).toBe('web app');

      await events.deleteInstance('acme', 1);
      await ctx().settle();
      expect(await keys.apiKeyByDigest('c'.repeat(64))).toBeNull();
    });

    it('users: every field of UserCreated; updates, password and key resets move the revision', async () => {
      const { events, users } = ctx();
      const createdAt = events.nextTime();
      await events.createUser('acme', 1, {
        username: 'Geralt',
        email: 'Geralt@Kaer.Morhen',
        fullName: 'Geralt of Rivia',
        status: 'active',
        roles: ['admin', 'member'],
        profile: { age: 97, nick: 'White Wolf', school: { name: 'wolf' } },
      });
      await ctx().settle();
      expect(await users.get('acme', 1)).toEqual({
        id: 1,
        username: 'Geralt',
        email: 'Geralt@Kaer.Morhen',
        fullName: 'Geralt of Rivia',
        status: 'active',
        roles: ['admin', 'member'],
        profile: { age: 97, nick: 'White Wolf', school: { name: 'wolf' } },
        keyGeneration: 0,
        revision: 1,
        createdAt,
        createdBy: ADMIN,
        updatedAt: createdAt,
        updatedBy: ADMIN,
        lastLoginAt: null,
      });

      const self = { kind: 'user', id: '1' } as const;
      await events.append(
        'user-acme-1',
        'UserUpdated',
        { userId: 1, changes: { email: null, fullName: 'G' } },
        self,
      );
      await events.changePassword('acme', 1);
      const resetAt = events.nextTime();
      await events.resetUserKey('acme', 1, 1);
      await ctx().settle();
      expect(await users.get('acme', 1)).toMatchObject({
        email: null,
        fullName: 'G',
        keyGeneration: 1,
        revision: 4,
        createdAt,
        createdBy: ADMIN,
        updatedAt: resetAt,
        updatedBy: ADMIN,
      });
    });

    it('users: a login sets last_login_at and leaves the revision and updated_at alone', async () => {
      const { events, users } = ctx();
      const createdAt = events.nextTime();
      await events.createUser('acme', 1);
      const loggedInAt = events.nextTime();
      await events.login('acme', 1);
      await ctx().settle();
      expect(await users.get('acme', 1)).toMatchObject({
        revision: 1,
        updatedAt: createdAt,
        lastLoginAt: loggedInAt,
      });
    });

    it('users: a renamed user is found by its new username only, case-insensitively', async () => {
      const { events, users } = ctx();
      await events.createUser('acme', 1, { username: 'Geralt' });
      await ctx().settle();
      expect(await users.findIdByUsername('acme', 'GERALT')).toBe(1);
      await events.updateUser('acme', 1, { username: 'Gwynbleidd' });
      await ctx().settle();
      expect(await users.findIdByUsername('acme', 'geralt')).toBeNull();
      expect(await users.findIdByUsername('acme', 'gwynBLEIDD')).toBe(1);
      expect(await users.findIdByUsername('other', 'gwynbleidd')).toBeNull();
    });

    it('users: a deleted user disappears from lists at once; its membership rows wait for the reactions', async () => {
      const { events, users, groups, sql, schema } = ctx();
      await events.createUser('acme', 1);
      await events.createUser('acme', 2);
      await events.createGroup('acme', 1);
      await events.addMember('acme', 1, 1);
      await events.addMember('acme', 1, 2);
      await events.deleteUser('acme', 2);
      await ctx().settle();
      expect(await users.get('acme', 2)).toBeNull();
      expect((await users.list('acme', {}, firstPage())).map((u) => u.id)).toEqual([1]);
      expect((await groups.members('acme', 1, firstPage())).map((u) => u.id)).toEqual([1]);
      const memberships = (): Promise<{ n: number }[]> =>
        sql.query(`SELECT count(*)::int AS n FROM ${quoteSchema(schema)}.memberships WHERE user_id = 2`);
      // The reactor reads these to know where to end the memberships.
      expect(await memberships()).toEqual([{ n: 1 }]);
      expect((await users.groupsOf('acme', 2, firstPage())).map((g) => g.id)).toEqual([1]);

      // The reaction's MembershipRemoved ends the row and counts in the group's revision.
      await events.removeMember('acme', 1, 2, 'user_deleted');
      await ctx().settle();
      expect((await groups.get('acme', 1))?.revision).toBe(4);
      expect(await memberships()).toEqual([{ n: 0 }]);
    });

    it("groups: fields, a revision that counts membership events, updates; a user's revision does not move", async () => {
      const { events, users, groups } = ctx();
      await events.createUser('acme', 1);
      await events.createUser('acme', 2);
      const createdAt = events.nextTime();
      await events.createGroup('acme', 1, {
        label: 'Witchers',
        description: 'School of the Wolf',
        name: 'witchers',
      });
      await events.addMember('acme', 1, 1);
      await events.addMember('acme', 1, 2);
      await ctx().settle();
      expect(await groups.get('acme', 1)).toEqual({
        id: 1,
        label: 'Witchers',
        description: 'School of the Wolf',
        name: 'witchers',
        revision: 3,
        createdAt,
        createdBy: ADMIN,
        updatedAt: createdAt,
        updatedBy: ADMIN,
      });
      expect((await users.get('acme', 1))?.revision).toBe(1);

      const updatedAt = events.nextTime();
      await events.updateGroup('acme', 1, { label: 'Wolves', name: null });
      await events.removeMember('acme', 1, 2);
      await ctx().settle();
      expect(await groups.get('acme', 1)).toMatchObject({
        label: 'Wolves',
        name: null,
        revision: 5,
        updatedAt,
      });
      expect((await groups.members('acme', 1, firstPage())).map((u) => u.id)).toEqual([1]);
    });

    it('groups: a deleted group disappears with its memberships', async () => {
      const { events, users, groups } = ctx();
      await events.createUser('acme', 1);
      await events.createGroup('acme', 1);
      await events.createGroup('acme', 2);
      await events.addMember('acme', 1, 1);
      await events.addMember('acme', 2, 1);
      await events.deleteGroup('acme', 1, [1]);
      await ctx().settle();
      expect(await groups.get('acme', 1)).toBeNull();
      expect((await groups.list('acme', firstPage())).map((g) => g.id)).toEqual([2]);
      expect((await users.groupsOf('acme', 1, firstPage())).map((g) => g.id)).toEqual([2]);
      expect(await groups.members('acme', 1, firstPage())).toEqual([]);
    });

    it('memberships from both sides, including per-user groups for a whole list', async () => {
      const { events, users, groups } = ctx();
      for (const id of [1, 2, 3, 4]) await events.createUser('acme', id);
      await events.createGroup('acme', 1);
      await events.createGroup('acme', 2);
      await events.addMember('acme', 1, 1);
      await events.addMember('acme', 1, 2);
      await events.addMember('acme', 2, 2);
      await events.addMember('acme', 2, 3);
      await events.createUser('other', 1);
      await events.createGroup('other', 1);
      await events.addMember('other', 1, 1);
      await ctx().settle();

      expect((await groups.members('acme', 1, firstPage())).map((u) => u.username)).toEqual([
        'user1',
        'user2',
      ]);
      expect((await users.groupsOf('acme', 2, firstPage())).map((g) => g.id)).toEqual([1, 2]);
      expect(await groups.member('acme', 1, 3)).toBeNull();
      expect((await groups.member('acme', 2, 3))?.id).toBe(3);
      expect(await users.groupOf('acme', 3, 1)).toBeNull();
      expect((await users.groupOf('acme', 3, 2))?.id).toBe(2);
      const byUser = await users.groupsOfUsers('acme', [1, 2, 3, 4]);
      expect([...byUser].map(([id, list]) => [id, list.map((g) => g.id)])).toEqual([
        [1, [1]],
        [2, [1, 2]],
        [3, [2]],
        [4, []],
      ]);
      expect(await users.existingIds('acme', [4, 1, 99])).toEqual([1, 4]);
      expect(await groups.existingIds('acme', [2, 7])).toEqual([2]);
    });

    it('profile fields: the keys used per instance with their latest JSON type', async () => {
      const { events, profileFields } = ctx();
      await events.createUser('acme', 1, { profile: { age: 97, nick: 'wolf', tags: ['a'], extra: null } });
      await events.createUser('acme', 2, { profile: { age: 1.5, meta: { a: 1 }, flag: true } });
      await events.createUser('other', 1, { profile: { other: 1 } });
      await ctx().settle();
      await events.updateUser('acme', 1, { profile: { extra: 'now text' } });
      await events.createUser('acme', 3, { profile: { extra: null, fresh: null } });
      await ctx().settle();
      expect(await profileFields.list('acme')).toEqual([
        { key: 'age', type: 'float' },
        { key: 'extra', type: 'string' },
        { key: 'flag', type: 'boolean' },
        { key: 'fresh', type: 'null' },
        { key: 'meta', type: 'object' },
        { key: 'nick', type: 'string' },
        { key: 'tags', type: 'array' },
      ]);
      expect(await profileFields.list('other')).toEqual([{ key: 'other', type: 'integer' }]);
    });

    it('events no read model uses still move the checkpoint', async () => {
      const { events } = ctx();
      const position = await events.reserveUsername('acme', 'geralt', 1);
      const projector = await ctx().settle();
      expect(projector.position).toEqual(position);
    });
  });
}
