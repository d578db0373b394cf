import { randomUUID } from 'node:crypto';
import { groupStream, userStream } from '#domain';
import type { EventStore, RecordedEvent, SqlExecutor } from '#event-store';
import { quoteSchema } from '#read-models';
import type { Config } from '#platform';
import { CURRENT_SCHEMA_VERSION } from '../apps/api/src/commands/decision-runner.js';
import { CONFIG } from '../apps/api/src/infrastructure/config.token.js';
import { EVENT_STORE } from '../apps/api/src/infrastructure/event-store.token.js';
import { READ_MODEL_SQL } from '../apps/api/src/infrastructure/read-model-sql.token.js';
import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';

const INSTANCE = 'aedirn';
const I = `/v1.1/instances/${INSTANCE}`;

interface Page<T> {
  readonly objects: T[];
}

/**
 * An AddMembership that loaded the user just before its deletion appends its `MembershipAdded`
 * after the deletion: the cleanup reactor must end that membership too.
 */
describe('a membership added while its user is deleted', () => {
  let api: TestApp;
  let store: EventStore;
  let sql: SqlExecutor;
  let schema: string;
  const account = as(ACCOUNT_KEY);
  const send = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    api.request({ method, url, headers: account, ...(payload && { payload }) });
  const create = async (url: string, payload: object) => {
    const created = await send('POST', url, payload);
    expect(created.statusCode).toBe(201);
    return created.json() as { id: number };
  };

  const readAll = async (stream: string) => {
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(stream)) events.push(event);
    return events;
  };

  /** The racing writer: it decided on the group's current state with the user alive, and appends. */
  async function appendRacingAdd(groupId: number, userId: number): Promise<void> {
    const stream = groupStream(INSTANCE, groupId);
    const revision = (await readAll(stream)).length;
    await store.append(
      stream,
      [
        {
          id: randomUUID(),
          type: 'MembershipAdded',
          data: { groupId, userId },
          metadata: {
            actor: { kind: 'account', id: 'account' },
            requestId: null,
            correlationId: randomUUID(),
            causationId: null,
            occurredAt: `${new Date().toISOString().slice(0, 23)}000Z`,
            schemaVersion: CURRENT_SCHEMA_VERSION,
          },
        },
      ],
      BigInt(revision - 1),
    );
  }

  const removalsOf = async (groupId: number, userId: number) =>
    (await readAll(groupStream(INSTANCE, groupId))).filter(
      (event) => event.type === 'MembershipRemoved' && (event.data as { userId: number }).userId === userId,
    );

  /** The group's first `MembershipRemoved` for the user, once the reactor appended it (10 s at most). */
  async function removalOf(groupId: number, userId: number): Promise<RecordedEvent | undefined> {
    const deadline = Date.now() + 10_000;
    let found = await removalsOf(groupId, userId);
    while (found.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      found = await removalsOf(groupId, userId);
    }
    return found[0];
  }

  /** Rows of the memberships read model, including any a listing's join with users would hide. */
  async function membershipRows(groupId: number, settled: number[]): Promise<number[]> {
    const rows = async () =>
      (
        await sql.query<{ user_id: number }>(
          `SELECT user_id FROM ${quoteSchema(schema)}.memberships WHERE instance = $1 AND group_id = $2 ORDER BY user_id`,
          [INSTANCE, groupId],
        )
      ).map((row) => Number(row.user_id));
    // The projector applies the removal asynchronously; wait for it (bounded) before judging.
    const deadline = Date.now() + 10_000;
    let found = await rows();
    while (JSON.stringify(found) !== JSON.stringify(settled) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      found = await rows();
    }
    return found;
  }

  const memberIdsOf = async (groupId: number) =>
    (
      (await send('GET', `${I}/groups/${groupId}/users/`)).json() as Page<{ user: { id: number } }>
    ).objects.map((member) => member.user.id);

  beforeAll(async () => {
    api = await startTestApp();
    store = api.app.get<symbol, EventStore>(EVENT_STORE);
    sql = api.app.get<symbol, SqlExecutor>(READ_MODEL_SQL);
    schema = api.app.get<symbol, Config>(CONFIG).databaseSchema;
    await send('POST', '/v1.1/instances/', { name: INSTANCE });
  });

  afterAll(() => api.close());

  it.each([
    ['after the deletion was cleaned up', true],
    ['while the deletion’s cleanup may still run', false],
  ])('ends a MembershipAdded appended %s, once', async (_when, waitForCleanup) => {
    const doomed = await create(`${I}/users/`, {
      username: `demavend-${Number(waitForCleanup)}`,
      password: 'secret-pass',
    });
    const stays = await create(`${I}/users/`, {
      username: `stennis-${Number(waitForCleanup)}`,
      password: 'secret-pass',
    });
    const court = await create(`${I}/groups/`, { label: 'Court' });
    const army = await create(`${I}/groups/`, { label: 'Army' });
    expect((await send('POST', `${I}/groups/${court.id}/users/`, { user: doomed.id })).statusCode).toBe(201);
    expect((await send('POST', `${I}/groups/${army.id}/users/`, { user: stays.id })).statusCode).toBe(201);

    expect((await send('DELETE', `${I}/users/${doomed.id}/`)).statusCode).toBe(204);
    if (waitForCleanup) expect(await removalOf(court.id, doomed.id)).toBeDefined();
    await appendRacingAdd(army.id, doomed.id);

    const removed = await removalOf(army.id, doomed.id);
    const deletion = (await readAll(userStream(INSTANCE, doomed.id))).at(-1)!;
    expect(deletion.type).toBe('UserDeleted');
    // A reaction to the deletion, as the cleanup of the court membership is.
    expect(removed).toMatchObject({
      data: { groupId: army.id, userId: doomed.id, reason: 'user_deleted' },
      metadata: {
        actor: { kind: 'system', id: 'membership-cleanup' },
        correlationId: deletion.metadata.correlationId,
        causationId: deletion.id,
      },
    });
    // Once: both reactions to the same membership (if both ran) leave a single removal.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await removalsOf(army.id, doomed.id)).toHaveLength(1);
    expect(await removalsOf(court.id, doomed.id)).toHaveLength(1);

    // The group's log, its read model and its lists agree: only the live member is left.
    const armyLog = await readAll(groupStream(INSTANCE, army.id));
    expect(armyLog.map((event) => event.type)).toEqual([
      'GroupCreated',
      'MembershipAdded',
      'MembershipAdded',
      'MembershipRemoved',
    ]);
    expect(await membershipRows(army.id, [stays.id])).toEqual([stays.id]);
    expect(await membershipRows(court.id, [])).toEqual([]);
    expect(await memberIdsOf(army.id)).toEqual([stays.id]);
    expect((await send('GET', `${I}/groups/${army.id}/`)).json().revision).toBe(armyLog.length);
    expect((await send('GET', `${I}/users/${stays.id}/groups/`)).json().objects).toHaveLength(1);
  });
});
