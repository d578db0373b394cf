import pg from 'pg';
import type { InjectOptions } from 'fastify';
import { groupStream } from '#domain';
import type { RecordedEvent } from '#event-store';
import {
  dropSchema,
  postgresAvailable,
  TEST_DATABASE_URL,
  uniqueSchema,
} from '#event-store/testing/postgres-test-database.js';
import type { Runtime } from '../apps/api/src/infrastructure/runtime.js';
import { RUNTIME } from '../apps/api/src/infrastructure/runtime.token.js';
import { membershipCleanupLeaseKey } from '../apps/api/src/users/delete-user/membership-cleanup.reactor.js';
import { eventually } from './support/eventually.js';
import { postgresAppEnv } from './support/postgres-app-env.js';
import { sendAsAccount, startTestApp, type TestApp } from './support/test-app.js';

const INSTANCE = 'temeria';
const I = `/v1.1/instances/${INSTANCE}`;
const ACTIVE = 'membership cleanup active';
const STANDBY = 'membership cleanup standby: another process holds its lease';
const LOST = 'membership cleanup lost its lease; standing by';
const available = await postgresAvailable();

/** An API app whose log lines (JSON) are kept, to tell its cleanup reactor's role. */
interface Replica {
  readonly app: TestApp;
  readonly said: (msg: string) => boolean;
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const lines: Record<string, unknown>[] = [];
  const destination = {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  };
  const app = await startTestApp({ ...env, LOG_LEVEL: 'info' }, undefined, destination);
  return { app, said: (msg) => lines.some((line) => line['msg'] === msg) };
}

/**
 * Two API replicas on one PostgreSQL schema: the membership cleanup reactor runs in both, but only
 * the holder of its advisory lock follows the log; the other stands by and takes over when the
 * first one closes.
 */
(available ? describe : describe.skip)('the membership cleanup reactor in two API replicas', () => {
  const schema = uniqueSchema('reactor');
  const env = postgresAppEnv(schema);
  let first: Replica;
  let second: Replica;
  let admin: pg.Client;

  const send = (app: TestApp, method: InjectOptions['method'], url: string, payload?: object) =>
    sendAsAccount(app, method, url, payload) as Promise<{ id: number } | null>;
  /** A user in `groups` new groups, created through `app`; returns the user's and the groups' ids. */
  const userInGroups = async (app: TestApp, name: string, groups: number) => {
    const user = (await send(app, 'POST', `${I}/users/`, { username: name, password: 'secret-pass' }))!;
    const groupIds: number[] = [];
    for (let n = 0; n < groups; n++) {
      const group = (await send(app, 'POST', `${I}/groups/`, { label: `${name} ${n}` }))!;
      await send(app, 'POST', `${I}/groups/${group.id}/users/`, { user: user.id });
      groupIds.push(group.id);
    }
    return { userId: user.id, groupIds };
  };
  /** The `MembershipRemoved` events in each group's stream, once every group has at least one. */
  const removalsIn = async (app: TestApp, groupIds: readonly number[]) => {
    const store = app.app.get<Runtime>(RUNTIME).storage.store;
    const removals = async (groupId: number) => {
      const events: RecordedEvent[] = [];
      for await (const event of store.readStream(groupStream(INSTANCE, groupId)))
        if (event.type === 'MembershipRemoved') events.push(event);
      return events;
    };
    await eventually(
      async () => (await Promise.all(groupIds.map(removals))).every((events) => events.length > 0),
      15_000,
      'every membership to be removed',
    );
    // Give a second reactor, if one were following too, time to append its own.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return Promise.all(groupIds.map(removals));
  };
  /** The backends holding the reactor's advisory lock, from PostgreSQL's own lock table. */
  const leaseHolders = async () => {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1
          AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
      [membershipCleanupLeaseKey(schema)],
    );
    return rows.map((row) => row.pid);
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    first = await startReplica(env);
    await eventually(() => first.said(ACTIVE), 15_000, 'the first replica to take the lease');
    second = await startReplica(env);
    await eventually(() => second.said(STANDBY), 15_000, 'the second replica to stand by');
    await send(first.app, 'POST', '/v1.1/instances/', { name: INSTANCE });
  });

  afterAll(async () => {
    await second?.app.close();
    await first?.app.close();
    await admin?.end();
    await dropSchema(schema);
  });

  /** The cleanup's role as the replica's /health reports it. */
  const healthRole = async (replica: Replica) =>
    (await replica.app.request({ method: 'GET', url: '/health' })).json().details.membershipCleanup.role;
  /** The cleanup's role as the replica's /metrics reports it: 1 active, 0 standby. */
  const activeGauge = async (replica: Replica) => {
    const metrics = (await replica.app.request({ method: 'GET', url: '/metrics' })).body;
    return Number(/^roster_membership_cleanup_active (\d+)$/m.exec(metrics)?.[1]);
  };

  it('removes each membership of a deleted user once, from the one active replica', async () => {
    expect(await leaseHolders()).toHaveLength(1);
    expect([await healthRole(first), await healthRole(second)]).toEqual(['active', 'standby']);
    expect([await activeGauge(first), await activeGauge(second)]).toEqual([1, 0]);
    const { userId, groupIds } = await userInGroups(second.app, 'foltest', 3);
    await send(second.app, 'DELETE', `${I}/users/${userId}/`);

    const removals = await removalsIn(second.app, groupIds);
    expect(removals.map((events) => events.length)).toEqual([1, 1, 1]);
    expect(removals.flat().map((event) => event.data)).toEqual(
      groupIds.map((groupId) => ({ groupId, userId, reason: 'user_deleted' })),
    );
    expect(second.said(ACTIVE)).toBe(false);
  });

  it('hands over to the standby when the active replica closes', async () => {
    await first.app.close();
    await eventually(() => second.said(ACTIVE), 15_000, 'the standby to take over');
    expect(await leaseHolders()).toHaveLength(1);
    expect(await healthRole(second)).toBe('active');
    expect(await activeGauge(second)).toBe(1);

    const { userId, groupIds } = await userInGroups(second.app, 'adda', 2);
    await send(second.app, 'DELETE', `${I}/users/${userId}/`);
    const removals = await removalsIn(second.app, groupIds);
    expect(removals.map((events) => events.length)).toEqual([1, 1]);
  });

  it('stops following when its lease connection is cut, and goes on once it holds the lease again', async () => {
    const [holder] = await leaseHolders();
    await admin.query('SELECT pg_terminate_backend($1)', [holder]);
    await eventually(() => second.said(LOST), 15_000, 'the replica to notice the lost lease');
    await eventually(
      async () => (await leaseHolders()).some((pid) => pid !== holder),
      15_000,
      'a new holder',
    );

    const { userId, groupIds } = await userInGroups(second.app, 'sigismund', 2);
    await send(second.app, 'DELETE', `${I}/users/${userId}/`);
    const removals = await removalsIn(second.app, groupIds);
    expect(removals.map((events) => events.length)).toEqual([1, 1]);
  });
});

if (!available) {
  it.skip(`the membership cleanup replicas (PostgreSQL not reachable at ${TEST_DATABASE_URL})`, () =>
    undefined);
}
