// kafkajs 2.2.4 against a REAL Apache Kafka broker (scripts/kafka: Maven Central's jars, KRaft, one
// node). Uses KAFKA_BROKERS when set; otherwise the broker this jest run shares (test/support/kafka.ts).
// No broker → the suite is skipped loudly, or fails when REQUIRE_KAFKA=1.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import kafkajs from 'kafkajs';
import type { Admin, Consumer, Kafka as KafkaClient, KafkaMessage, Producer, RequestEvent } from 'kafkajs';
import { KAFKAJS_CORE_APIS, kafkajsApiCompatibility } from '../scripts/kafka/compat.mjs';
import { eventually, kafkaGate } from './support/kafka.js';

const { Kafka, logLevel, Partitioners } = kafkajs;

const { brokers, describeWithKafka: describeWithBroker } = await kafkaGate();

// The APIs this suite's producer, group consumer and admin go through, all among the core APIs;
// kafkajs must have sent the first ones at exactly the version it chose, the others at all.
const SENT_AT_CHOSEN_VERSION = [
  'Produce',
  'Fetch',
  'Metadata',
  'FindCoordinator',
  'JoinGroup',
  'SyncGroup',
  'OffsetCommit',
];
const SENT = ['InitProducerId', 'CreateTopics', 'OffsetFetch', 'Heartbeat'];

describeWithBroker('Kafka test broker with kafkajs 2.2.4', () => {
  const topic = `roster.kafka-broker-spec.${randomUUID()}`;
  const groupId = `roster.kafka-broker-spec.${randomUUID()}`;
  // apiName → versions kafkajs actually sent during this suite (from its instrumentation events).
  const sent = new Map<string, Set<number>>();
  const record = ({ payload }: RequestEvent) => {
    const versions = sent.get(payload.apiName) ?? new Set<number>();
    versions.add(payload.apiVersion);
    sent.set(payload.apiName, versions);
  };

  let kafka: KafkaClient;
  let admin: Admin;
  const clients: Array<Producer | Consumer> = [];
  /** A consumer in the suite's group, connected, its requests recorded, subscribed to the topic. */
  const groupMember = async (): Promise<Consumer> => {
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 250,
    });
    clients.push(consumer);
    consumer.on(consumer.events.REQUEST, record);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    return consumer;
  };

  beforeAll(async () => {
    kafka = new Kafka({
      clientId: 'roster-kafka-broker-spec',
      brokers: [brokers!],
      logLevel: logLevel.ERROR,
    });
    admin = kafka.admin();
    admin.on(admin.events.REQUEST, record);
    await admin.connect();
  });

  afterAll(async () => {
    for (const client of clients) await client.disconnect().catch(() => undefined);
    if (admin) {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('runs kafkajs 2.2.4', () => {
    const require = createRequire(import.meta.url);
    expect((require('kafkajs/package.json') as { version: string }).version).toBe('2.2.4');
  });

  it("overlaps kafkajs's request versions for every API a producer, a group consumer and admin use", async () => {
    const rows = await kafkajsApiCompatibility(brokers!);
    expect(rows.map((row) => row.api)).toEqual([...KAFKAJS_CORE_APIS]);
    for (const api of [...SENT_AT_CHOSEN_VERSION, ...SENT]) {
      expect(rows.map((row) => row.api)).toContain(api);
    }
    // Every row readable on failure: api, broker range, what kafkajs sends.
    expect(rows.filter((row) => !row.ok)).toEqual([]);
  });

  it('creates a topic, produces idempotently, consumes in a group and commits offsets', async () => {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 2, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
    expect(await admin.listTopics()).toContain(topic);

    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    clients.push(producer);
    producer.on(producer.events.REQUEST, record);
    await producer.connect();

    const keys = ['user-a', 'user-b', 'group-c'];
    const messages = Array.from({ length: 12 }, (_, i) => ({
      key: keys[i % keys.length],
      value: JSON.stringify({ n: i }),
      headers: { 'roster-position': String(1000 + i) },
    }));
    const acks = await producer.send({ topic, messages });
    expect(acks.every((ack) => ack.errorCode === 0)).toBe(true);

    // One consumer in the group reads everything and commits after each message.
    const received: KafkaMessage[] = [];
    const consumer = await groupMember();
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        received.push(message);
        await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
      },
    });
    await eventually(() => received.length >= messages.length, 20_000, `${messages.length} messages`);
    // An idle member keeps heartbeating (every heartbeatInterval, between fetches).
    await eventually(() => sent.has('Heartbeat'), 10_000, 'a Heartbeat');
    await consumer.disconnect();

    expect(received).toHaveLength(messages.length);
    for (const key of keys) {
      // Order per key (same key → same partition) survives the trip.
      const sentValues = messages.filter((m) => m.key === key).map((m) => m.value);
      const gotValues = received.filter((m) => m.key?.toString() === key).map((m) => m.value?.toString());
      expect(gotValues).toEqual(sentValues);
    }
    expect(received.map((m) => m.headers?.['roster-position']?.toString()).toSorted()).toEqual(
      messages.map((m) => m.headers['roster-position']).toSorted(),
    );

    // The group's committed offsets are the end of each partition.
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = (rows: Array<{ partition: number; offset: string }>) =>
      Object.fromEntries(rows.map((row) => [row.partition, row.offset]));
    expect(byPartition(committed!.partitions)).toEqual(byPartition(ends));

    // A new member of the group resumes after the commits: it sees only what came later.
    await producer.send({ topic, messages: [{ key: 'user-a', value: 'after-commit' }] });
    const resumed: string[] = [];
    const second = await groupMember();
    await second.run({ eachMessage: async ({ message }) => void resumed.push(message.value!.toString()) });
    await eventually(() => resumed.length >= 1, 20_000, 'the message produced after the commit');
    await second.disconnect();
    expect(resumed).toEqual(['after-commit']);
  }, 45_000);

  it('spoke the negotiated version of each core API (instrumentation events)', async () => {
    const rows = await kafkajsApiCompatibility(brokers!);
    const chosen = Object.fromEntries(rows.map((row) => [row.api, row.chosen]));
    // kafkajs names FindCoordinator "GroupCoordinator".
    const name = (api: string) => (api === 'FindCoordinator' ? 'GroupCoordinator' : api);
    for (const api of SENT_AT_CHOSEN_VERSION) {
      expect({ api, sent: [...(sent.get(name(api)) ?? [])] }).toEqual({ api, sent: [chosen[api]] });
    }
    for (const api of SENT) {
      expect({ api, sent: sent.has(name(api)) }).toEqual({ api, sent: true });
    }
  });
});
