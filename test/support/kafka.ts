// Real Kafka for the integration suites: KAFKA_BROKERS when set, else one broker shared by the whole
// jest run (started by the first suite that asks; stopped by the int project's global teardown),
// and a raw kafkajs reader to look at what actually is on a topic (independent of the consumer kit).
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import kafkajs, { type Consumer, type KafkaMessage } from 'kafkajs';
import { postgresAvailable, TEST_DATABASE_URL } from '#event-store/testing/postgres-test-database.js';
import { isAlive, isOurBroker, startBroker, type StartedBroker } from '../../scripts/kafka/broker.mjs';
import { eventually } from './eventually.js';

export { eventually };

const { Kafka, logLevel } = kafkajs;

const required = (): boolean => process.env['REQUIRE_KAFKA'] === '1';

function skipLoudly(error: unknown): null {
  if (required()) throw error;
  // oxlint-disable-next-line no-console -- the skip must be loud
  console.warn(
    `\n!!! Kafka suite SKIPPED (REQUIRE_KAFKA=1 makes this a failure): ` +
      `${error instanceof Error ? error.message : error}\n`,
  );
  return null;
}

/**
 * The bootstrap address for a Kafka suite, or null when there is no broker: the suite then skips
 * with a message, or — with `REQUIRE_KAFKA=1` — this throws and the suite fails.
 */
export async function testKafkaBrokers(): Promise<string | null> {
  try {
    return process.env['KAFKA_BROKERS'] || (await sharedBroker());
  } catch (error) {
    return skipLoudly(
      new Error(`no KAFKA_BROKERS and no broker could be started: ${String(error)}`, { cause: error }),
    );
  }
}

/** A broker of the suite's own (to stop and start it), or null as `testKafkaBrokers`. Stopped after the file. */
export async function dedicatedTestBroker(): Promise<StartedBroker | null> {
  try {
    const broker = await startBroker();
    afterAll(() => broker.stop());
    return broker;
  } catch (error) {
    return skipLoudly(error);
  }
}

/** What a Kafka suite starts with. */
export interface KafkaGate {
  /** The bootstrap address as `testKafkaBrokers`; null when the suite is skipped. */
  readonly brokers: string | null;
  /** `describe`, or `describe.skip` when the suite is skipped. */
  readonly describeWithKafka: jest.Describe;
}

/** The gate of a Kafka suite: without a broker, a loud skip — or a failure under `REQUIRE_KAFKA=1`. */
export async function kafkaGate(): Promise<KafkaGate> {
  return gateOn(await testKafkaBrokers());
}

/**
 * The gate of a Kafka suite that runs the apps as processes on PostgreSQL: without a broker or a
 * PostgreSQL that answers, a loud skip — or a failure under `REQUIRE_KAFKA=1` (or `REQUIRE_POSTGRES=1`).
 */
export async function kafkaAndPostgresGate(): Promise<KafkaGate> {
  return gateOn(await kafkaBrokersBesidePostgres());
}

function gateOn(brokers: string | null): KafkaGate {
  // oxlint-disable-next-line jest/no-disabled-tests -- skipped only without what the gate needs (see the gates)
  return { brokers, describeWithKafka: brokers ? describe : describe.skip };
}

/** `testKafkaBrokers`, and null as it (a loud skip or a failure) when PostgreSQL does not answer. */
async function kafkaBrokersBesidePostgres(): Promise<string | null> {
  const brokers = await testKafkaBrokers();
  if (brokers === null || (await postgresAvailable())) return brokers;
  return skipLoudly(
    new Error(`this Kafka suite runs its processes on PostgreSQL, not reachable at ${TEST_DATABASE_URL}`),
  );
}

interface SharedState {
  readonly brokers: string;
  readonly pid: number;
  readonly watchdogPid: number | undefined;
  readonly logDir: string;
}

async function sharedBroker(): Promise<string> {
  const stateFile = process.env['ROSTER_TEST_KAFKA_STATE'];
  if (!stateFile) {
    // No global setup (another jest config): a broker for this file.
    const broker = await startBroker();
    afterAll(() => broker.stop());
    return broker.brokers;
  }
  return withLock(`${stateFile}.lock`, async () => {
    const state = readState(stateFile);
    if (state !== null && isOurBroker(state.pid, state.logDir)) return state.brokers;
    const owner = Number(process.env['ROSTER_TEST_KAFKA_OWNER']);
    const broker = await startBroker({ watchOwner: Number.isInteger(owner) && owner > 0 ? owner : true });
    const saved: SharedState = {
      brokers: broker.brokers,
      pid: broker.pid,
      watchdogPid: broker.watchdogPid,
      logDir: broker.logDir,
    };
    writeFileSync(stateFile, JSON.stringify(saved));
    return broker.brokers;
  });
}

function readState(file: string): SharedState | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SharedState;
  } catch {
    return null;
  }
}

/** One starter at a time across jest workers. */
async function withLock<T>(lockFile: string, work: () => Promise<T>): Promise<T> {
  for (const deadline = Date.now() + 120_000; ;) {
    try {
      closeSync(openSync(lockFile, 'wx'));
      writeFileSync(lockFile, String(process.pid));
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8')) || 0;
      if (holder && !isAlive(holder)) rmSync(lockFile, { force: true });
      else if (Date.now() > deadline) throw new Error(`${lockFile} held by pid ${holder}`, { cause: error });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

/** A topic prefix no other suite or run uses. */
export const uniqueTopicPrefix = (name: string): string =>
  `roster-test.${name}.${randomBytes(4).toString('hex')}`;

/** Everything on a topic from its beginning, read with a plain kafkajs consumer in a throwaway group. */
export interface TopicTail {
  /** Messages in arrival order (per partition: offset order). */
  readonly messages: readonly KafkaMessage[];
  /** Resolves once `condition(messages)` holds; rejects after `timeoutMs` saying how many arrived. */
  until(condition: (messages: readonly KafkaMessage[]) => boolean, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function tailTopic(brokers: string, topic: string): Promise<TopicTail> {
  const kafka = new Kafka({ clientId: 'roster-test-tail', brokers: [brokers], logLevel: logLevel.NOTHING });
  const consumer: Consumer = kafka.consumer({
    groupId: `roster-test-tail-${randomBytes(6).toString('hex')}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 200,
  });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  // The relay creates its topic when it starts: a tail begun beside it may ask before the broker knows it.
  await eventually(
    () =>
      consumer.subscribe({ topic, fromBeginning: true }).then(
        () => true,
        (error: { type?: string }) => {
          if (error.type === 'UNKNOWN_TOPIC_OR_PARTITION') return false;
          throw error;
        },
      ),
    30_000,
    `topic ${topic} to exist`,
  );
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  return {
    messages,
    async until(condition, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!condition(messages)) {
        if (Date.now() > deadline) {
          throw new Error(`${topic}: condition not met after ${timeoutMs} ms (${messages.length} messages)`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => consumer.disconnect(),
  };
}

/** Ensures a topic exists (the relay creates its own; tests that produce first use this). */
export async function createTopic(brokers: string, topic: string, partitions = 3): Promise<void> {
  const admin = new Kafka({
    clientId: 'roster-test-admin',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  } finally {
    await admin.disconnect();
  }
}
