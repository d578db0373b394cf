// Two standalone relays (apps/relay) on one PostgreSQL checkpoint, on a REAL broker: started together,
// one publishes and the other stands by, so every event is on the topic once; when the active one
// loses its lease's connection it stops publishing and a standby takes over; when the active one
// stops, the other takes over from the checkpoint and nothing is lost.
import type { KafkaMessage } from 'kafkajs';
import pg from 'pg';
import { TEST_DATABASE_URL } from '#event-store/testing/postgres-test-database.js';
import { relayLeaseKey } from '#messaging';
import { spawnApp, type AppProcess } from '../support/app-process.js';
import { eventually, kafkaAndPostgresGate, type TopicTail } from '../support/kafka.js';
import { relayProcessSuite } from '../support/relay-process-suite.js';
import { publicEventsIn } from './cloud-event-checks.js';

const { brokers, describeWithKafka } = await kafkaAndPostgresGate();

const I = '/v1.1/instances/kovir';
const ACTIVE = 'relay active';
const STANDBY = "relay standby: another relay holds the checkpoint's lease";
const LOST = 'relay lost its lease; standing by';

describeWithKafka('two relays on one checkpoint', () => {
  const suite = relayProcessSuite({ brokers: brokers!, topicName: 'relay-standby', schemaName: 'standby' });
  const { env, send } = suite;
  let tail: TopicTail | undefined;
  const users: number[] = [];
  let written = 0;

  const write = async (count: number) => {
    for (let n = 0; n < count; n++, written++)
      await send('PATCH', `${I}/users/${users[written % users.length]}/`, { full_name: `name ${written}` });
  };
  const publicEventIds = async () =>
    (await publicEventsIn(suite.runtime.storage.store)).map((event) => event.id).toSorted();
  const idsOn = (messages: readonly KafkaMessage[]) =>
    messages.map((m) => (JSON.parse(m.value!.toString()) as { id: string }).id);
  /** Waits until every public event is on the topic; returns the ids on it, duplicates included. */
  const allOnTopic = async () => {
    const expected = await publicEventIds();
    await tail!.until((messages) => new Set(idsOn(messages)).size >= expected.length, 60_000);
    const onTopic = idsOn(tail!.messages);
    expect([...new Set(onTopic)].toSorted()).toEqual(expected);
    return onTopic;
  };
  /** The backend holding the relay's advisory lock, from PostgreSQL's own lock table. */
  const leaseHolder = async (client: pg.Client): Promise<number | null> => {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1
          AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
      [relayLeaseKey(suite.schema, 'kafka-relay')],
    );
    return rows[0]?.pid ?? null;
  };

  beforeAll(async () => {
    await send('POST', '/v1.1/instances/', { name: 'kovir' });
    for (const username of ['esterad', 'tankred', 'declan'])
      users.push((await send('POST', `${I}/users/`, { username, password: 'secret-pass' })).id);
  });

  it('publishes each event once from one relay, and hands over when the active one goes', async () => {
    const relays = [spawnApp('relay', env), spawnApp('relay', env)];
    // One takes the lease, the other says it stands by; which one is a race.
    await eventually(
      () => relays.every((relay) => roleOf(relay) !== null),
      60_000,
      'both relays to take a role',
    );
    expect(relays.map(roleOf).toSorted()).toEqual(['active', 'standby']);
    let active = relays.find((relay) => roleOf(relay) === 'active')!;
    let standby = relays.find((relay) => relay !== active)!;
    tail = await suite.tail();

    // Both running: every event once, only the active one sending.
    await write(60);
    expect((await allOnTopic()).length).toBe((await publicEventIds()).length);
    expect(standby.logs.some((line) => line['msg'] === 'relay caught up')).toBe(false);

    // The active relay's lease connection is cut (as by a network failure or a DBA): it stops
    // publishing and stands by; one of the two takes the lease and goes on from the checkpoint.
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      const holder = await leaseHolder(admin);
      expect(holder).not.toBeNull();
      await admin.query('SELECT pg_terminate_backend($1)', [holder]);
      await active.waitForLog((line) => line['msg'] === LOST, 30_000);
      await eventually(
        async () => ![null, holder].includes(await leaseHolder(admin)),
        30_000,
        'a new lease holder',
      );
    } finally {
      await admin.end();
    }
    await eventually(
      () => relays.map(roleOf).toSorted().join() === 'active,standby',
      30_000,
      'one relay active again, the other standing by',
    );
    await write(30);
    const afterCut = await allOnTopic();
    // oxlint-disable-next-line no-console -- what the takeover cost, for whoever reads the run
    console.info(`lease cut: ${afterCut.length - new Set(afterCut).size} duplicates on the wire`);

    // The active relay stops while writes go on: the standby takes over from the checkpoint, and
    // as the stop saved the checkpoint of all it sent, no event is lost and none is sent twice.
    active = relays.find((relay) => roleOf(relay) === 'active')!;
    standby = relays.find((relay) => relay !== active)!;
    const before = tail.messages.length;
    const writes = write(60);
    await eventually(() => tail!.messages.length > before, 30_000, 'messages before the stop');
    active.child.kill('SIGTERM');
    expect(await active.exited).toEqual({ code: 0, signal: null });
    await writes;
    await eventually(() => roleOf(standby) === 'active', 30_000, 'the standby to take over');
    await allOnTopic();
    const sinceBefore = idsOn(tail.messages.slice(before));
    expect(new Set(sinceBefore).size).toBe(sinceBefore.length);
  });
});

/** A relay's role by its last word on the lease, or null before it said any. */
function roleOf(relay: AppProcess): 'active' | 'standby' | null {
  const said = relay.logs
    .map((line) => line['msg'])
    .filter((msg) => [ACTIVE, STANDBY, LOST].includes(String(msg)));
  const last = said.at(-1);
  return last === undefined ? null : last === ACTIVE ? 'active' : 'standby';
}
