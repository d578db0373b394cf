// The consumer kit through its example service, on a REAL broker: API → relay → Kafka → welcome.
// Exactly once in effect despite duplicate deliveries and a crash between effect and offset commit;
// poison messages go to the dead-letter topic and the consumer moves on.
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import kafkajs from 'kafkajs';
import { Registry } from 'prom-client';
import { pgliteExecutor, type SqlExecutor } from '#event-store';
import { DLQ_HEADERS, SILENT_MESSAGING_LOGGER, type EventConsumer } from '#messaging';
import { startWelcome } from '../../apps/welcome/src/welcome-service.js';
import { ACCOUNT_KEY, as, startTestApp, type TestApp } from '../support/test-app.js';
import { eventually, tailTopic, kafkaGate, uniqueTopicPrefix } from '../support/kafka.js';

const { Kafka, logLevel, Partitioners } = kafkajs;

const { brokers, describeWithKafka } = await kafkaGate();

const I = '/v1.1/instances/novigrad';
const SCHEMA = 'welcome';

describeWithKafka('the welcome service on the consumer kit', () => {
  const prefix = uniqueTopicPrefix('welcome');
  const topic = `${prefix}.events`;
  const groupId = `${prefix}.welcome`;
  const account = as(ACCOUNT_KEY);
  const registry = new Registry();
  let api: TestApp;
  let pglite: PGlite;
  let sql: SqlExecutor;
  let welcome: EventConsumer | null = null;

  const start = async () => {
    welcome = await startWelcome({
      brokers: [brokers!],
      topicPrefix: prefix,
      groupId,
      sql,
      schema: SCHEMA,
      logger: SILENT_MESSAGING_LOGGER,
      registry,
      retry: { attempts: 3, firstMs: 50, maxMs: 200 },
      sessionTimeoutMs: 6000,
    });
  };
  const stop = async () => {
    await welcome?.stop();
    welcome = null;
  };
  const send = async (method: 'POST' | 'DELETE', url: string, payload?: object) => {
    const response = await api.request({ method, url, headers: account, ...(payload && { payload }) });
    if (response.statusCode >= 300)
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.statusCode === 204 ? {} : response.json();
  };
  const welcomeRows = () =>
    sql.query<{ user_id: number; rows: number }>(
      `SELECT user_id, count(*)::int AS rows FROM ${SCHEMA}.welcome_messages GROUP BY user_id ORDER BY user_id`,
    );
  const memberCounts = async () =>
    Object.fromEntries(
      (
        await sql.query<{ group_id: number; members: number }>(
          `SELECT group_id, members FROM ${SCHEMA}.group_member_counts ORDER BY group_id`,
        )
      ).map((row) => [row.group_id, row.members]),
    );
  const counter = async (outcome: string) => {
    const metric = await registry.getSingleMetric('roster_consumer_messages_total')!.get();
    return (
      metric.values.find((v) => v.labels['group'] === groupId && v.labels['outcome'] === outcome)?.value ?? 0
    );
  };
  const lagIsZero = async () => {
    const metric = await registry.getSingleMetric('roster_consumer_lag_messages')!.get();
    const ours = metric.values.filter((v) => v.labels['group'] === groupId);
    return ours.length > 0 && ours.every((v) => v.value === 0);
  };
  const produce = async (
    messages: Array<{ key: string; value: string; headers?: Record<string, string> }>,
  ) => {
    const kafka = new Kafka({ clientId: 'welcome-spec', brokers: [brokers!], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages });
    await producer.disconnect();
  };

  let userIds: number[] = [];
  let groupIds: number[] = [];

  beforeAll(async () => {
    [api, pglite] = await Promise.all([
      startTestApp({ KAFKA_BROKERS: brokers!, KAFKA_TOPIC_PREFIX: prefix }),
      PGlite.create(),
    ]);
    sql = pgliteExecutor(pglite);
    await start();
  });

  afterAll(async () => {
    await stop();
    await pglite?.close();
    await api?.close();
  });

  it('writes one welcome message per new user and keeps member counts per group', async () => {
    await send('POST', '/v1.1/instances/', { name: 'novigrad' });
    for (const username of ['dijkstra', 'triss', 'zoltan', 'priscilla']) {
      userIds.push((await send('POST', `${I}/users/`, { username, password: 'secret-pass' })).id);
    }
    for (const label of ['Redanians', 'Poets'])
      groupIds.push((await send('POST', `${I}/groups/`, { label })).id);
    const [redanians, poets] = groupIds as [number, number];
    for (const user of userIds) await send('POST', `${I}/groups/${redanians}/users/`, { user });
    await send('POST', `${I}/groups/${poets}/users/`, { user: userIds[3] });
    await send('DELETE', `${I}/groups/${redanians}/users/${userIds[1]}/`);

    await eventually(async () => (await welcomeRows()).length === 4, 30_000, 'four welcome messages');
    await eventually(
      async () => JSON.stringify(await memberCounts()) === JSON.stringify({ [redanians]: 3, [poets]: 1 }),
      30_000,
      'member counts',
    );
    expect(await welcomeRows()).toEqual(userIds.map((user_id) => ({ user_id, rows: 1 })));
    const [row] = await sql.query<{ message: string }>(
      `SELECT message FROM ${SCHEMA}.welcome_messages WHERE user_id = $1`,
      [userIds[0]],
    );
    expect(row!.message).toBe('Welcome, dijkstra!');
    await eventually(lagIsZero, 10_000, 'lag 0');
    expect(await registry.metrics()).toMatch(
      /roster_consumer_lag_messages\{group="[^"]+",topic="[^"]+",partition="\d"\} 0/,
    );
  });

  it('applies a message delivered twice once (every message sent again, as after a relay restart)', async () => {
    const tail = await tailTopic(brokers!, topic);
    const onTopic = 4 + 2 + 1 + 4 + 1 + 1; // instance, users, groups, memberships, removal
    await tail.until((messages) => messages.length >= onTopic, 20_000);
    await tail.close();
    const duplicatesBefore = await counter('duplicate');
    await produce(
      tail.messages.map((m) => ({
        key: m.key!.toString(),
        value: m.value!.toString(),
        headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)])),
      })),
    );
    // Only the types it handles reach the dedupe: 4 users, 5 additions, 1 removal.
    await eventually(
      async () => (await counter('duplicate')) - duplicatesBefore >= 10,
      30_000,
      'duplicates seen',
    );
    expect(await welcomeRows()).toEqual(userIds.map((user_id) => ({ user_id, rows: 1 })));
    expect(await memberCounts()).toEqual({ [groupIds[0]!]: 3, [groupIds[1]!]: 1 });
  });

  it('survives a crash between the effect and the offset commit: the redelivered events change nothing', async () => {
    await stop();
    // What a crash after the effects but before the commit leaves behind: effects in the database,
    // the group's offsets where they were before those messages. Here: at the very beginning.
    const admin = new Kafka({
      clientId: 'welcome-spec',
      brokers: [brokers!],
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic, earliest: true });
    await admin.disconnect();
    const duplicatesBefore = await counter('duplicate');
    await start();
    userIds.push((await send('POST', `${I}/users/`, { username: 'ciri', password: 'secret-pass' })).id);
    await eventually(async () => (await welcomeRows()).length === 5, 30_000, 'the new user welcomed');
    // Every handled message is delivered again (the first pass and the re-sent copies): all no-ops.
    await eventually(
      async () => (await counter('duplicate')) - duplicatesBefore >= 20,
      30_000,
      'redeliveries',
    );
    expect(await welcomeRows()).toEqual(userIds.map((user_id) => ({ user_id, rows: 1 })));
    expect(await memberCounts()).toEqual({ [groupIds[0]!]: 3, [groupIds[1]!]: 1 });
  });

  it('parks poison messages on {group}.dlq with the reason, and goes on with the next ones', async () => {
    const dlq = await tailTopic(brokers!, `${groupId}.dlq`);
    const poisonEvent = {
      specversion: '1.0',
      id: randomUUID(),
      type: 'UserCreated',
      source: '/instances/novigrad/users/999',
      subject: 'user-novigrad-999',
      time: '2024-05-01T10:00:00.000000Z',
      datacontenttype: 'application/json',
      data: { userId: 999 }, // no username: the handler's INSERT fails every time
    };
    await produce([
      { key: 'user-novigrad-998', value: 'this is not JSON' },
      { key: 'user-novigrad-999', value: JSON.stringify(poisonEvent), headers: { 'roster-revision': '0' } },
    ]);
    userIds.push((await send('POST', `${I}/users/`, { username: 'vesemir', password: 'secret-pass' })).id);
    await eventually(
      async () => (await welcomeRows()).length === 6,
      30_000,
      'the user after the poison welcomed',
    );
    await dlq.until((messages) => messages.length >= 2, 20_000);
    await dlq.close();

    const parked = dlq.messages.map((m) => ({
      key: m.key!.toString(),
      value: m.value!.toString(),
      reason: m.headers![DLQ_HEADERS.reason]!.toString(),
      attempts: m.headers![DLQ_HEADERS.attempts]!.toString(),
      source: m.headers![DLQ_HEADERS.source]!.toString(),
      group: m.headers![DLQ_HEADERS.group]!.toString(),
    }));
    expect(parked.toSorted((a, b) => a.key.localeCompare(b.key))).toEqual([
      {
        key: 'user-novigrad-998',
        value: 'this is not JSON',
        reason: 'Not a Roster CloudEvent: the value is not JSON',
        attempts: '1',
        source: expect.stringMatching(new RegExp(`^${topic.replaceAll('.', '\\.')}/\\d+/\\d+$`)),
        group: groupId,
      },
      {
        key: 'user-novigrad-999',
        value: JSON.stringify(poisonEvent),
        reason: expect.stringMatching(/null value|not-null|violates/i),
        attempts: '3',
        source: expect.any(String),
        group: groupId,
      },
    ]);
    expect(
      dlq.messages
        .find((m) => m.key!.toString() === 'user-novigrad-999')!
        .headers!['roster-revision']!.toString(),
    ).toBe('0');
    expect(await welcomeRows()).toEqual(userIds.map((user_id) => ({ user_id, rows: 1 })));
    expect(await counter('dead_lettered')).toBe(2);
    await eventually(lagIsZero, 10_000, 'lag 0 after the poison');
  });
});
