/**
 * `audit rebuild` of a large log on PostgreSQL, next to a raw batched read-and-insert loop over the
 * same events on the same database in the same run, with the process's memory before and after.
 * `npm run bench:rebuild`; BENCH_EVENTS (default 1,000,000) events, BENCH_ROUNDS (default 3) rounds
 * of the raw loop and the rebuild, alternated, DATABASE_URL (default the local test server).
 * Everything lives in a fresh schema, dropped at the end.
 */
/* oxlint-disable no-console -- a benchmark reports on the console */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Writable } from 'node:stream';
import pg from 'pg';
import {
  openPostgresEventStore,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type PostgresEventStore,
} from '#event-store';
import { runAudit } from '../apps/audit/src/audit-program.js';

const totalEvents = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
const roundCount = Number(process.env['BENCH_ROUNDS'] ?? 3);
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** `audit rebuild --batch-size`, when BENCH_BATCH_SIZE is set. */
const batchArgs = process.env['BENCH_BATCH_SIZE'] ? ['--batch-size', process.env['BENCH_BATCH_SIZE']] : [];
/** Concurrent appends while generating. */
const WRITERS = 8;
/** The raw loop's batch: the rebuild's own (build-read-models.ts). */
const RAW_BATCH = 5000;
const INSTANCE = 'bench';
/**
 * Events per user: created, updated 8 times, key reset (one stream), 10 logins (another), and one
 * membership. Streams of this length keep appends batched: generating stays fast.
 */
const EVENTS_PER_USER = 21;
const USERS_PER_GROUP = 500;

let clock = Date.parse('2024-01-01T00:00:00Z') * 1000;
const now = (): string => {
  clock += 7;
  const iso = new Date(Math.floor(clock / 1000)).toISOString();
  return `${iso.slice(0, 23)}${String(clock % 1000).padStart(3, '0')}Z`;
};
const metadata = (actor: EventMetadata['actor']): EventMetadata => ({
  actor,
  requestId: randomUUID(),
  correlationId: randomUUID(),
  causationId: null,
  occurredAt: now(),
  schemaVersion: 1,
});
const API_KEY = { kind: 'api_key', id: '1' } as const;
const event = (type: string, data: unknown, actor: EventMetadata['actor'] = API_KEY): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: metadata(actor),
});
const PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo';

// Streams in the shapes the service writes, so every projection does its real work.

function userAppend(userId: number): [string, NewEvent[]] {
  const username = `user${userId}`;
  const user: NewEvent[] = [
    event('UserCreated', {
      userId,
      username,
      email: `${username}@example.com`,
      fullName: null,
      status: 'unverified',
      roles: ['member'],
      profile: { lang: 'en', plan: 'free' },
      passwordHash: PASSWORD_HASH,
    }),
    event('UserUpdated', { userId, changes: { status: 'active' } }),
    ...Array.from({ length: 6 }, (_, i) =>
      event('UserUpdated', {
        userId,
        changes: { fullName: `User ${userId}.${i}`, profile: { lang: 'de', n: i } },
      }),
    ),
    event('UserUpdated', { userId, changes: { email: `${username}@example.org` } }),
    event('UserKeyReset', { userId, keyGeneration: 1 }),
  ];
  return [`user-${INSTANCE}-${userId}`, user];
}

function loginAppend(userId: number): [string, NewEvent[]] {
  const logins = Array.from({ length: 10 }, () =>
    event('UserLoggedIn', { userId }, { kind: 'user', id: `${userId}` }),
  );
  return [`login-${INSTANCE}-${userId}`, logins];
}

function groupAppend(groupId: number, firstUser: number, users: number): [string, NewEvent[]] {
  return [
    `group-${INSTANCE}-${groupId}`,
    [
      event('GroupCreated', {
        groupId,
        label: `Group ${groupId}`,
        description: '',
        name: `group-${groupId}`,
      }),
      ...Array.from({ length: users }, (_, i) =>
        event('MembershipAdded', { groupId, userId: firstUser + i }),
      ),
      event('GroupUpdated', { groupId, changes: { description: 'renamed' } }),
    ],
  ];
}

/** Appends `total` events (batched: a stream's events in one append, WRITERS appends at a time). */
async function generate(store: EventStore, total: number): Promise<number> {
  await store.append(
    `instance-${INSTANCE}`,
    [
      event(
        'InstanceCreated',
        { instanceId: 1, name: INSTANCE, description: '' },
        { kind: 'account', id: '1' },
      ),
    ],
    'no_stream',
  );
  await store.append(
    `apikeys-${INSTANCE}`,
    [
      event(
        'ApiKeyIssued',
        {
          apiKeyId: 1,
          keyDigest: 'a'.repeat(64),
          description: 'bench',
          allowUserCreate: true,
          ignoreAcl: true,
        },
        { kind: 'account', id: '1' },
      ),
    ],
    'no_stream',
  );
  const users = Math.max(1, Math.floor((total - 2) / EVENTS_PER_USER));
  const work: (() => [string, NewEvent[]])[] = [];
  for (let first = 1, group = 1; first <= users; first += USERS_PER_GROUP, group++) {
    const count = Math.min(USERS_PER_GROUP, users - first + 1);
    // Thunks: the events are made when appended, never all in memory at once.
    for (let id = first; id < first + count; id++)
      work.push(
        () => userAppend(id),
        () => loginAppend(id),
      );
    const [groupId, firstUser] = [group, first];
    work.push(() => groupAppend(groupId, firstUser, count));
  }
  let next = 0;
  let appended = 2;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < work.length) {
        const [stream, events] = work[next++]!();
        await store.append(stream, events, 'no_stream');
        appended += events.length;
      }
    }),
  );
  return appended;
}

/**
 * The baseline: read the events in batches by position with one plain SELECT each, insert each
 * batch into a plain table (no keys) in its own transaction, as the rebuild commits (asynchronously).
 */
async function rawLoop(pool: pg.Pool, schema: string): Promise<number> {
  const s = `"${schema}"`;
  await pool.query(`DROP TABLE IF EXISTS ${s}.raw_sink`);
  await pool.query(`CREATE TABLE ${s}.raw_sink (stream text, revision bigint, type text, data jsonb)`);
  const client = await pool.connect();
  try {
    let [commit, prepare] = ['0', '0'];
    let count = 0;
    for (;;) {
      const { rows } = await client.query<{
        stream: string;
        revision: string;
        type: string;
        data: unknown;
        c: string;
        p: string;
      }>({
        name: 'raw_read',
        text: `SELECT stream, revision::text AS revision, type, data, tx_id::text AS c, seq::text AS p
                 FROM ${s}.events WHERE (tx_id, seq) > ($1::xid8, $2::bigint) ORDER BY tx_id, seq LIMIT ${RAW_BATCH}`,
        values: [commit, prepare],
      });
      if (rows.length === 0) return count;
      await client.query('BEGIN');
      await client.query('SET LOCAL synchronous_commit = off');
      await client.query({
        name: 'raw_insert',
        text: `INSERT INTO ${s}.raw_sink SELECT * FROM jsonb_to_recordset($1::jsonb)
                 AS r(stream text, revision bigint, type text, data jsonb)`,
        values: [JSON.stringify(rows.map(({ c: _c, p: _p, ...row }) => row))],
      });
      await client.query('COMMIT');
      count += rows.length;
      ({ c: commit, p: prepare } = rows.at(-1)!);
    }
  } finally {
    client.release();
  }
}

/** Only reading: the event store's `readAll` (what the rebuild reads through), nothing written. */
async function readOnly(store: EventStore): Promise<number> {
  let count = 0;
  for await (const stored of store.readAll()) if (stored.revision >= 0n) count++;
  return count;
}

/** `audit rebuild` in this process, configured as the API would be on this schema. */
async function auditRebuild(schema: string): Promise<string> {
  let output = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString();
      done();
    },
  });
  const env = {
    EVENT_STORE: 'postgres',
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    ROSTER_SECRET: randomBytes(32).toString('hex'),
  };
  const code = await runAudit(['rebuild', '--no-progress', ...batchArgs], {
    stdout,
    stderr: process.stderr,
    env,
  });
  if (code !== 0) throw new Error(`audit rebuild exited with ${code}`);
  return output.trim();
}

const median = (values: readonly number[]): number =>
  values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const rate = (events: number, ms: number): string =>
  `${Math.round((events / ms) * 1000).toLocaleString('en-US')} events/s`;

/** The work's result, duration, this process's CPU time and its resident set size sampled every 50 ms. */
interface Measured<T> {
  readonly result: T;
  readonly ms: number;
  readonly cpuMs: number;
  readonly rss: readonly number[];
}

async function measured<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const rss = [process.memoryUsage.rss()];
  const timer = setInterval(() => rss.push(process.memoryUsage.rss()), 50);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const result = await work();
    const { user, system } = process.cpuUsage(cpu);
    const cpuMs = (user + system) / 1000;
    return { result, ms: performance.now() - started, cpuMs, rss: [...rss, process.memoryUsage.rss()] };
  } finally {
    clearInterval(timer);
  }
}

/** The highest RSS in each quarter of the run: flat when the work streams, rising when it accumulates. */
const quarters = (rss: readonly number[]): string =>
  [1, 2, 3, 4]
    .map((q) =>
      Math.max(...rss.slice(Math.floor(((q - 1) * rss.length) / 4), Math.ceil((q * rss.length) / 4))),
    )
    .map(mib)
    .join(', ');

async function main(): Promise<void> {
  const schema = `bench_rebuild_${randomBytes(4).toString('hex')}`;
  console.log(`rebuild of ${totalEvents.toLocaleString('en-US')} events on PostgreSQL, schema ${schema}`);
  console.log(`load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`);
  const store: PostgresEventStore = await openPostgresEventStore({ connectionString: databaseUrl, schema });
  try {
    const generated = await measured(() => generate(store, totalEvents));
    const events = generated.result;
    console.log(
      `generated ${events.toLocaleString('en-US')} events in ${seconds(generated.ms)} (${rate(events, generated.ms)}; ${WRITERS} concurrent appends of a stream's events each)`,
    );
    await store.pool.query(`VACUUM ANALYZE "${schema}".events`);

    const read = await measured(() => readOnly(store));
    console.log(
      `store.readAll: ${rate(read.result, read.ms)} (${seconds(read.ms)}): reading alone, through the port`,
    );
    // One pass of each swings by a fifth between runs (checkpoints, the other CPU's work), so the
    // ratio is the median of rounds that alternate the two.
    const rounds: { raw: Measured<number>; rebuild: Measured<string> }[] = [];
    for (let round = 1; round <= roundCount; round++) {
      const raw = await measured(() => rawLoop(store.pool, schema));
      const rebuild = await measured(() => auditRebuild(schema));
      rounds.push({ raw, rebuild });
      console.log(
        `round ${round}: raw loop ${rate(raw.result, raw.ms)} (${seconds(raw.ms)}, this process's CPU ${seconds(raw.cpuMs)}); ` +
          `audit rebuild ${rate(events, rebuild.ms)} (${seconds(rebuild.ms)}, CPU ${seconds(rebuild.cpuMs)}); ratio ${(raw.ms / rebuild.ms).toFixed(2)}`,
      );
    }
    const last = rounds.at(-1)!.rebuild;
    console.log(`raw loop: SELECT ${RAW_BATCH} events by position, INSERT them into a plain table, commit`);
    console.log(`audit rebuild (last round): ${last.result}`);
    console.log(
      `rebuild / raw: ${median(rounds.map((r) => r.raw.ms / r.rebuild.ms)).toFixed(2)} (median of ${roundCount} rounds)`,
    );
    console.log(
      `CPU time is this process's; the rest of a pass is PostgreSQL, or waiting for the machine. readAll: ${seconds(read.cpuMs)} of ${seconds(read.ms)}`,
    );
    console.log(
      `RSS before the last rebuild ${mib(last.rss[0]!)}, highest in each quarter of it ${quarters(last.rss)}, after ${mib(last.rss.at(-1)!)}`,
    );
  } finally {
    await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}_rebuild" CASCADE`);
    await store.close();
  }
}

await main();
