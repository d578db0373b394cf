import { firstPage, walkPages, type ReadModelContext } from './read-model-context.js';

/** Filters and keyset pages, as the API's lists use them. */
export function describeQueries(ctx: () => ReadModelContext): void {
  describe('queries', () => {
    it('user filters: username and email case-insensitive and exact, status, group, combined', async () => {
      const { events, users } = ctx();
      await events.createUser('acme', 1, { username: 'Alice', email: 'alice@x.io', status: 'active' });
      await events.createUser('acme', 2, { username: 'bob', email: 'BOB@x.io' });
      await events.createUser('acme', 3, { username: 'carol', status: 'active' });
      await events.createUser('acme', 4, { username: 'alice2', status: 'disabled' });
      await events.createUser('other', 1, { username: 'alice', email: 'alice@x.io', status: 'active' });
      await events.createGroup('acme', 1);
      await events.addMember('acme', 1, 2);
      await events.addMember('acme', 1, 3);
      await ctx().settle();
      const ids = async (filter: Parameters<typeof users.list>[1]): Promise<number[]> =>
        (await users.list('acme', filter, firstPage())).map((user) => user.id);

      expect(await ids({})).toEqual([1, 2, 3, 4]);
      expect(await ids({ username: 'ALICE' })).toEqual([1]);
      expect(await ids({ username: 'ali' })).toEqual([]);
      expect(await ids({ email: 'bob@X.IO' })).toEqual([2]);
      expect(await ids({ status: 'active' })).toEqual([1, 3]);
      expect(await ids({ status: 'nonsense' })).toEqual([]);
      expect(await ids({ group: 1 })).toEqual([2, 3]);
      expect(await ids({ group: 1, status: 'active' })).toEqual([3]);
      expect(await ids({ group: 1, username: 'BOB', email: 'bob@x.io', status: 'unverified' })).toEqual([2]);
      expect(await ids({ group: 2 })).toEqual([]);

      await events.updateUser('acme', 2, { email: 'robert@x.io' });
      await ctx().settle();
      expect(await ids({ email: 'bob@x.io' })).toEqual([]);
      expect(await ids({ email: 'ROBERT@x.io' })).toEqual([2]);
    });

    it('keyset pages in both directions; the extra row tells whether a next page exists', async () => {
      const { events, users, groups, instances, keys } = ctx();
      for (let id = 1; id <= 7; id++) {
        await events.createUser('acme', id, { status: id % 2 === 0 ? 'active' : 'unverified' });
        await events.createGroup('acme', id);
        await events.createInstance(`instance-${id}`, id);
        await events.issueApiKey('acme', id, `${id}`.repeat(64));
      }
      for (let id = 1; id <= 7; id++) {
        await events.addMember('acme', 3, id);
        if (id !== 3) await events.addMember('acme', id, 5);
      }
      await events.deleteUser('acme', 4);
      await events.deleteGroup('acme', 4, [5]);
      await events.deleteInstance('instance-4', 4);
      await events.revokeApiKey('acme', 4);
      await ctx().settle();
      const live = [1, 2, 3, 5, 6, 7];

      const userList = (page: Parameters<typeof users.list>[2]) => users.list('acme', {}, page);
      expect(await walkPages(userList, 2, true)).toEqual([
        [1, 2],
        [3, 5],
        [6, 7],
      ]);
      expect(await walkPages(userList, 2, false)).toEqual([
        [7, 6],
        [5, 3],
        [2, 1],
      ]);
      expect(await walkPages(userList, 3, true)).toEqual([
        [1, 2, 3],
        [5, 6, 7],
      ]);
      expect(await walkPages(userList, 6, false)).toEqual([[7, 6, 5, 3, 2, 1]]);
      expect(await walkPages(userList, 1000, true)).toEqual([live]);
      expect(
        (await users.list('acme', {}, { pageSize: 2, ascending: false, lastPk: 5 })).map((u) => u.id),
      ).toEqual([3, 2, 1]);
      expect(await users.list('acme', {}, { pageSize: 2, ascending: true, lastPk: 7 })).toEqual([]);
      expect(await users.list('acme', {}, { pageSize: 2, ascending: true, lastPk: 10 ** 15 })).toEqual([]);

      const active = (page: Parameters<typeof users.list>[2]) =>
        users.list('acme', { status: 'active' }, page);
      expect(await walkPages(active, 1, false)).toEqual([[6], [2]]);
      const inGroup3 = (page: Parameters<typeof users.list>[2]) => users.list('acme', { group: 3 }, page);
      expect(await walkPages(inGroup3, 4, true)).toEqual([
        [1, 2, 3, 5],
        [6, 7],
      ]);

      expect(await walkPages((page) => groups.list('acme', page), 4, false)).toEqual([
        [7, 6, 5, 3],
        [2, 1],
      ]);
      expect(await walkPages((page) => groups.members('acme', 3, page), 2, true)).toEqual([
        [1, 2],
        [3, 5],
        [6, 7],
      ]);
      expect(await walkPages((page) => users.groupsOf('acme', 5, page), 5, false)).toEqual([
        [7, 6, 5, 3, 2],
        [1],
      ]);
      expect(await walkPages((page) => instances.list(page), 3, true)).toEqual([
        [1, 2, 3],
        [5, 6, 7],
      ]);
      expect(await walkPages((page) => keys.listApiKeys('acme', page), 4, true)).toEqual([
        [1, 2, 3, 5],
        [6, 7],
      ]);
    });

    it('unknown or out-of-range ids answer null or nothing, never an error', async () => {
      const { events, users, groups, keys } = ctx();
      await events.createUser('acme', 1);
      await ctx().settle();
      expect(await users.get('acme', 2)).toBeNull();
      expect(await users.get('acme', 10 ** 15)).toBeNull();
      expect(await users.get('other', 1)).toBeNull();
      expect(await groups.get('acme', 10 ** 15)).toBeNull();
      expect(await groups.members('acme', 10 ** 15, firstPage())).toEqual([]);
      expect(await users.groupsOf('acme', 10 ** 15, firstPage())).toEqual([]);
      expect(await users.list('acme', { group: 10 ** 15 }, firstPage())).toEqual([]);
      expect(await keys.getApiKey('acme', 10 ** 15)).toBeNull();
      expect(await users.existingIds('acme', [])).toEqual([]);
      expect(await users.groupsOfUsers('acme', [])).toEqual(new Map());
    });
  });
}
