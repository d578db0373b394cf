// apps/welcome as a real process on PostgreSQL, on a REAL broker: SIGKILLed while it works through a
// stream of new users (effects committed in its database, offsets not yet committed in Kafka), then
// started again. The redelivered messages are no-ops: exactly one welcome row per user.
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '#event-store/testing/postgres-test-database.js';
import { killApps, spawnApp } from '../support/app-process.js';
import { createTopic, eventually, kafkaAndPostgresGate, uniqueTopicPrefix } from '../support/kafka.js';
import { freePorts } from '../../scripts/kafka/broker.mjs';

const { Kafka, logLevel, Partitioners } = kafkajs;

const { brokers, describeWithKafka } = await kafkaAndPostgresGate();

const USERS = 1500;

describeWithKafka('the welcome service process, killed mid-stream', () => {
  const prefix = uniqueTopicPrefix('welcome-crash');
  const topic = `${prefix}.events`;
  const schema = uniqueSchema('welcome');
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  const rows = async () =>
    (
      await pool
        .query<{ users: number; rows: number }>(
          `SELECT count(DISTINCT (instance, user_id))::int AS users, count(*)::int AS rows FROM "${schema}".welcome_messages`,
        )
        .catch(() => ({ rows: [{ users: 0, rows: 0 }] }))
    ).rows[0]!;

  afterAll(async () => {
    killApps();
    await pool.end();
    await dropSchema(schema);
  });

  it('writes exactly one welcome row per user across a SIGKILL between effect and offset commit', async () => {
    await createTopic(brokers!, topic, 3);
    const producer = new Kafka({
      clientId: 'welcome-crash',
      brokers: [brokers!],
      logLevel: logLevel.NOTHING,
    }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const messages = Array.from({ length: USERS }, (_, n) => ({
      key: `user-crash-${n + 1}`,
      value: JSON.stringify({
        specversion: '1.0',
        id: randomUUID(),
        type: 'UserCreated',
        source: `/instances/crash/users/${n + 1}`,
        subject: `user-crash-${n + 1}`,
        time: '2024-05-01T10:00:00.000000Z',
        datacontenttype: 'application/json',
        data: {
          userId: n + 1,
          username: `user${n + 1}`,
          email: null,
          fullName: null,
          status: 'active',
          roles: [],
          profile: {},
        },
      }),
    }));
    for (let from = 0; from < messages.length; from += 500) {
      await producer.send({ topic, messages: messages.slice(from, from + 500) });
    }
    await producer.disconnect();

    const [metricsPort] = await freePorts(1);
    const env = {
      KAFKA_BROKERS: brokers!,
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: TEST_DATABASE_URL,
      WELCOME_SCHEMA: schema,
      WELCOME_GROUP_ID: `${prefix}.welcome`,
      WELCOME_METRICS_PORT: String(metricsPort),
      // The killed member's partitions move on after this (the broker's minimum).
      WELCOME_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'info',
    };
    const first = spawnApp('welcome', env);
    await first.waitForLog((line) => line['msg'] === 'welcome started', 60_000);
    await eventually(async () => (await rows()).rows >= USERS / 4, 60_000, 'a quarter of the users welcomed');
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const atKill = await rows();
    expect(atKill.rows).toBeLessThan(USERS);

    const second = spawnApp('welcome', env);
    await second.waitForLog((line) => line['msg'] === 'welcome started', 60_000);
    await eventually(async () => (await rows()).users === USERS, 60_000, 'every user welcomed');
    // The restarted consumer met messages whose effect the killed one had committed: no-ops.
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const duplicates = Number(
      /roster_consumer_messages_total\{[^}]*outcome="duplicate"\} (\d+)/.exec(metrics)?.[1] ?? 0,
    );
    expect(duplicates).toBeGreaterThan(0);
    expect(await rows()).toEqual({ users: USERS, rows: USERS });

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.logs.map((line) => line['msg'])).toEqual(
      expect.arrayContaining([
        'consumer started',
        'welcome started',
        'welcome stopping',
        'consumer stopped',
        'welcome stopped',
      ]),
    );
    // oxlint-disable-next-line no-console -- how the kill landed, for whoever reads the run
    console.info(
      `welcome killed with ${atKill.rows}/${USERS} rows written; ${duplicates} redeliveries were no-ops`,
    );
  });
});
