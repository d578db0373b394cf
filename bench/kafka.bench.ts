/**
 * `npm run bench:kafka`, on a real broker (KAFKA_BROKERS, else one started for the run and stopped):
 *
 * 1. Relay throughput against a raw kafkajs producer sending the same messages (same bytes, same
 *    batch size, same idempotent producer settings) to the same broker in the same run. The relay
 *    catches up from its checkpoint over BENCH_EVENTS (default 100 000) public events seeded into the
 *    store: PostgreSQL (DATABASE_URL, when reachable) and the embedded PGlite; rounds alternate raw
 *    and relay (BENCH_ROUNDS, default 5, after one warm-up round), medians reported. Both are timed
 *    from their producer's connection on: the relay's start-up before it (its producer thread's boot
 *    and the topic's check, 105-180 ms) is a fixed cost, not a rate, and is printed apart.
 *    A third side, the same relay with the log already read into memory, splits the gap to the raw
 *    producer into the relay's own cost and the store's reads.
 * 2. Command → consumer latency: the API (in process, relay in process) takes BENCH_COMMANDS
 *    (default 200) group updates one after the other; the time from sending each request to the
 *    consumer kit's handler seeing its event, p50/p99/max.
 *
 * Bounded: BENCH_TIMEOUT_S (default 300) ends the run with a failure.
 */
/* oxlint-disable no-console -- a benchmark reports on the console */
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import kafkajs from 'kafkajs';
import pg from 'pg';
import {
  comparePositions,
  openPgliteEventStore,
  openPostgresEventStore,
  pgliteExecutor,
  poolExecutor,
  type EventMetadata,
  type EventStore,
  type SqlExecutor,
} from '#event-store';
import {
  EventConsumer,
  eventsTopic,
  Relay,
  relayEnds,
  SILENT_MESSAGING_LOGGER,
  toOutboundMessage,
  type EventPublisher,
  sizedMessage,
  type LoggedEvent,
  type OutboundMessage,
  type RelayInput,
  type SizedMessage,
} from '#messaging';
import { loadConfig } from '#platform';
import type * as BrokerModule from '../scripts/kafka/broker.mjs';
import { createApp } from '../apps/api/src/create-app.js';

const { Kafka, logLevel, Partitioners } = kafkajs;

/** Rounds of 2–3 s: at 20,000 events (0.5 s) one round's ratio ranged 0.53–1.07, its median 0.72–0.91. */
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 100_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const COMMANDS = Number(process.env['BENCH_COMMANDS'] ?? 200);
const WARM_UP = Math.min(20, Math.floor(COMMANDS / 10));
const TIMEOUT_S = Number(process.env['BENCH_TIMEOUT_S'] ?? 300);
const BATCH = 500;
const STREAMS = 200;

const median = (values: readonly number[]) =>
  values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: readonly number[], p: number) =>
  values.toSorted((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function startBroker(): Promise<{ brokers: string; stop(): Promise<void> }> {
  const fromEnv = process.env['KAFKA_BROKERS'];
  if (fromEnv) return { brokers: fromEnv, stop: async () => undefined };
  // Not compiled into dist/: loaded from the sources at run time.
  const module = (await import(
    pathToFileURL(resolvePath('scripts/kafka/broker.mjs')).href
  )) as typeof BrokerModule;
  return module.startBroker({ log: (line) => console.log(line) });
}

/** BENCH_EVENTS UserUpdated events over 200 user streams, about 300 bytes of CloudEvent each. */
async function seed(store: EventStore): Promise<void> {
  const perStream = Math.ceil(EVENTS / STREAMS);
  for (let stream = 1; stream <= STREAMS; stream++) {
    const events = Array.from({ length: perStream }, (_, n) => ({
      id: randomUUID(),
      type: 'UserUpdated',
      data: { userId: stream, changes: { fullName: `User ${stream} ${n}`, profile: { lang: 'en', n } } },
      metadata: {
        actor: { kind: 'api_key', id: '1' },
        requestId: null,
        correlationId: randomUUID(),
        causationId: null,
        occurredAt: new Date().toISOString().replace('Z', '000Z'),
        schemaVersion: 1,
      } satisfies EventMetadata,
    }));
    for (let from = 0; from < events.length; from += 100) {
      await store.append(`user-bench-${stream}`, events.slice(from, from + 100), 'any');
    }
  }
}

/** The baseline: a plain kafkajs idempotent producer sending the same messages in batches of 500. */
async function rawSend(
  brokers: string,
  topic: string,
  messages: readonly OutboundMessage[],
): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: [brokers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const started = performance.now();
  for (let from = 0; from < messages.length; from += BATCH) {
    const batch = messages.slice(from, from + BATCH);
    await producer.send({
      topic,
      acks: -1,
      messages: batch.map((m) => ({ ...m, headers: { ...m.headers } })),
    });
  }
  const elapsed = performance.now() - started;
  await producer.disconnect();
  return elapsed;
}

/**
 * The relay from an empty checkpoint until it has the head acknowledged, timed from its producer's
 * connect on, as the raw producer is: its time, its start-up before that (the producer's thread, the
 * topic's check, the connection), and the CPU this process used while it sent, as a share of one
 * core (above 1: its sends on a thread of their own). With `logInMemory`, it reads those messages
 * instead of the store.
 */
async function relaySend(
  target: Target,
  brokers: string,
  topic: string,
  name: string,
  logInMemory?: readonly LoggedMessage[],
) {
  const { store, sql, schema } = target;
  const ends = relayEnds({ store }, { brokers: [brokers], topic, logger: SILENT_MESSAGING_LOGGER });
  let connected: { readonly at: number; readonly cpu: NodeJS.CpuUsage } | null = null;
  const publisher: EventPublisher = {
    topic,
    connect: async () => {
      await ends.publisher.connect();
      connected ??= { at: performance.now(), cpu: process.cpuUsage() };
    },
    publish: (messages) => ends.publisher.publish(messages),
    close: () => ends.publisher.close(),
  };
  const input = logInMemory ? memoryRelayInput(logInMemory) : ends.input;
  const relay = new Relay({ input, publisher, sql, schema, name, batchSize: BATCH });
  const head = await store.headPosition();
  const started = performance.now();
  await relay.start();
  if (!(await relay.waitFor(head, 120_000))) throw new Error('the relay did not reach the head in 120 s');
  const { at, cpu: cpuBefore } = connected!;
  const elapsed = performance.now() - at;
  const cpu = process.cpuUsage(cpuBefore);
  await relay.stop();
  return { elapsed, startUp: at - started, cores: (cpu.user + cpu.system) / 1000 / elapsed };
}

/** A public event of the log as read and made into its message. */
interface LoggedMessage {
  readonly event: LoggedEvent;
  readonly sized: SizedMessage;
}

/**
 * The relay's input with the log already read: the relay as it is but for the store's reads, so the
 * gap between it and the raw producer is the relay's own cost, and the gap between it and the relay
 * is the reads' (on two cores, they compete with the sends for the CPU).
 */
function memoryRelayInput(log: readonly LoggedMessage[]): RelayInput {
  return {
    pending: 0,
    async follow({ from, batchSize, stopping, handle }) {
      const start = log.findIndex(({ event }) => comparePositions(event.position, from) > 0);
      for (let at = start; at >= 0 && at < log.length && !stopping.aborted; at += batchSize) {
        const batch = log.slice(at, at + batchSize);
        await handle({
          messages: batch.map(({ sized }) => sized),
          read: batch.length,
          last: batch.at(-1)!.event,
          caughtUp: at + batch.length === log.length,
        });
      }
      if (!stopping.aborted) await once(stopping, 'abort');
    },
  };
}

interface Target {
  readonly name: string;
  readonly store: EventStore;
  readonly sql: SqlExecutor;
  readonly schema: string;
  close(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const pglite = await PGlite.create();
  const store = await openPgliteEventStore({ pglite });
  return {
    name: 'PGlite (embedded)',
    store,
    sql: pgliteExecutor(pglite),
    schema: 'roster',
    close: async () => {
      await store.close();
      await pglite.close();
    },
  };
}

async function postgresTarget(): Promise<Target | null> {
  const url = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 3000 });
  try {
    await pool.query('SELECT 1');
  } catch {
    await pool.end();
    console.log(`\n(PostgreSQL not reachable at ${url}: its round is skipped)`);
    return null;
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const store = await openPostgresEventStore({ pool, schema });
  return {
    name: 'PostgreSQL',
    store,
    sql: poolExecutor(pool),
    schema,
    close: async () => {
      await store.close();
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

async function throughput(brokers: string, target: Target): Promise<void> {
  const { store } = target;
  await seed(store);
  const log: LoggedMessage[] = [];
  for await (const event of store.readAll()) {
    const message = toOutboundMessage(event)!;
    log.push({
      event: { position: event.position, occurredAt: event.metadata.occurredAt },
      sized: sizedMessage(message),
    });
  }
  const messages = log.map(({ sized }) => sized.message);
  const bytes = messages.reduce((sum, m) => sum + m.value.length, 0);
  console.log(
    `\nthroughput from ${target.name}: ${messages.length} events (${Math.round(bytes / messages.length)} B each), batches of ${BATCH}`,
  );
  console.log(
    'round        raw msg/s    relay msg/s   ratio   relay CPU (cores)   start-up (ms)   log in memory msg/s   ratio',
  );
  const run = randomBytes(3).toString('hex');
  const admin = new Kafka({
    clientId: 'bench-admin',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  const raws: number[] = [];
  const relays: number[] = [];
  const ratios: number[] = [];
  const inMemory: number[] = [];
  const inMemoryRatios: number[] = [];
  // Round 0 warms up every side (Node's JIT, the broker's) and is not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    const topics = ['raw', 'relay', 'memory'].map((side) => `bench-${run}-${side}-${round}`);
    // Same topic shape for all; created up front so no side pays for it.
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions: 6, replicationFactor: 1 })),
    });
    const [rawTopic, relayTopic, memoryTopic] = topics as [string, string, string];
    const raw = rate(messages.length, await rawSend(brokers, rawTopic, messages));
    const sent = await relaySend(target, brokers, relayTopic, `bench-${round}`);
    const relay = rate(messages.length, sent.elapsed);
    const fromMemory = rate(
      messages.length,
      (await relaySend(target, brokers, memoryTopic, `bench-memory-${round}`, log)).elapsed,
    );
    if (round === 0) continue;
    raws.push(raw);
    relays.push(relay);
    ratios.push(relay / raw);
    inMemory.push(fromMemory);
    inMemoryRatios.push(fromMemory / raw);
    console.log(
      `${String(round).padEnd(8)} ${String(raw).padStart(12)} ${String(relay).padStart(14)} ${(relay / raw).toFixed(2).padStart(7)} ${sent.cores.toFixed(2).padStart(11)} ${sent.startUp.toFixed(0).padStart(15)} ${String(fromMemory).padStart(21)} ${(fromMemory / raw).toFixed(2).padStart(7)}`,
    );
  }
  console.log(
    `median   ${String(median(raws)).padStart(12)} ${String(median(relays)).padStart(14)} ${median(ratios).toFixed(2).padStart(7)}   (aim ≥ 0.80) ${String(median(inMemory)).padStart(29)} ${median(inMemoryRatios).toFixed(2).padStart(7)}`,
  );
  await admin.disconnect();
  await target.close();
}

async function latency(brokers: string): Promise<void> {
  const prefix = `bench-${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-bench-'));
  const app = await createApp(
    loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ARGON2_MEMORY_KIB: '64',
      ARGON2_PASSES: '1',
      ROSTER_ACCOUNT_KEY: 'bench-account-key-0123456789abcdef',
      RATE_LIMIT_PER_MINUTE: '0',
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: prefix,
    }),
  );
  await app.init();
  const headers = { 'x-api-key': 'bench-account-key-0123456789abcdef' };
  const send = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
    const response = await app.inject({ method, url, headers, payload });
    if (response.statusCode >= 300)
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json() as { id: number };
  };
  await send('POST', '/v1.1/instances/', { name: 'bench' });
  const group = await send('POST', '/v1.1/instances/bench/groups/', { label: 'label -1' });

  const seen = new Map<string, () => void>();
  const consumerDb = await PGlite.create();
  const consumer = new EventConsumer({
    brokers: [brokers],
    topic: eventsTopic(prefix),
    groupId: `${prefix}.latency`,
    sql: pgliteExecutor(consumerDb),
    handlers: {
      GroupUpdated: async (event) => seen.get(event.data.changes.label ?? '')?.(),
    },
  });
  await consumer.start();
  const samples: number[] = [];
  const commands: number[] = [];
  for (let n = 0; n < COMMANDS + WARM_UP; n++) {
    const label = `label ${n}`;
    const started = performance.now();
    const arrived = new Promise<number>((resolve) => seen.set(label, () => resolve(performance.now())));
    await send('PATCH', `/v1.1/instances/bench/groups/${group.id}/`, { label });
    const answered = performance.now();
    const at = await Promise.race([
      arrived,
      new Promise<number>((_, reject) =>
        setTimeout(() => reject(new Error(`no event for ${label} in 10 s`)), 10_000),
      ),
    ]);
    seen.delete(label);
    if (n >= WARM_UP) {
      samples.push(at - started);
      commands.push(answered - started);
    }
  }
  console.log(
    `\ncommand → consumer: ${COMMANDS} group updates through the API, one at a time (after ${WARM_UP} warm-up)`,
  );
  console.log(`  HTTP command answered   p50 ${median(commands).toFixed(1)} ms`);
  console.log(
    `  consumer handler ran    p50 ${percentile(samples, 50).toFixed(1)} ms   p99 ${percentile(samples, 99).toFixed(1)} ms   max ${Math.max(...samples).toFixed(1)} ms   (aim p99 ≤ 100 ms)`,
  );
  await consumer.stop();
  await consumerDb.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const timeout = setTimeout(() => {
    console.error(`bench:kafka: still running after ${TIMEOUT_S} s; giving up`);
    process.exit(1);
  }, TIMEOUT_S * 1000);
  timeout.unref();
  // kafkajs's harmless TimeoutNegativeWarning (see scripts/kafka/README.md) would interleave the table.
  process.removeAllListeners('warning');
  const broker = await startBroker();
  try {
    // The ratio is the figure to read; absolute rates swing with whatever else the machine runs.
    console.log(
      `Kafka at ${broker.brokers}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`,
    );
    const postgres = await postgresTarget();
    if (postgres) await throughput(broker.brokers, postgres);
    await throughput(broker.brokers, await pgliteTarget());
    await latency(broker.brokers);
  } finally {
    await broker.stop();
  }
}

await main();
