/**
 * Single-event append throughput of the SQL event stores, next to a raw INSERT of the same rows
 * into a plain table of the same columns, on the same database in the same run.
 * `npm run bench:store`; BENCH_ROUNDS (default 3) rounds of BENCH_SECONDS (default 2) per case and
 * side; DATABASE_URL for PostgreSQL.
 */
/* oxlint-disable no-console -- a benchmark reports on the console */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  openPgliteEventStore,
  openPostgresEventStore,
  pgliteExecutor,
  poolExecutor,
  type EventMetadata,
  type EventStore,
  type SqlExecutor,
} from '#event-store';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 2);
const roundCount = Number(process.env['BENCH_ROUNDS'] ?? 3);
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const writerCounts = [1, 16];

const metadata: EventMetadata = {
  actor: { kind: 'api_key', id: '42' },
  requestId: 'req-0001',
  correlationId: randomUUID(),
  causationId: null,
  occurredAt: '2024-01-01T00:00:00.000000Z',
  schemaVersion: 1,
};
const newEvent = (n: number) => ({
  id: randomUUID(),
  type: 'UserUpdated',
  data: { id: n, username: `user${n}`, email: `user${n}@example.com`, profile: { name: 'Ada', lang: 'en' } },
  metadata,
});

/** Appends one event per call; each writer owns a stream and names the revision it expects. */
type Append = (writer: number, revision: bigint) => Promise<void>;

/**
 * Runs `writers` loops for `seconds` after a short warm-up and returns appends per second. The
 * loops watch the clock themselves: PGlite answers without ever yielding to timers.
 */
async function throughput(writers: number, append: Append): Promise<number> {
  const countFrom = performance.now() + 500;
  const stopAt = countFrom + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let revision = 0n; ; revision++) {
        await append(writer, revision);
        const now = performance.now();
        if (now >= stopAt) return;
        if (now >= countFrom) count++;
      }
    }),
  );
  return count / seconds;
}

/** The raw baseline: the events table's columns and defaults, no keys, no function, no checks. */
async function rawInsert(sql: SqlExecutor, schema: string, run: string): Promise<Append> {
  const table = `"${schema}"."raw_${run}"`;
  await sql.query(`CREATE TABLE ${table} (
    seq bigserial, tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(), stream text NOT NULL,
    revision bigint NOT NULL, id uuid NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`);
  const statement = {
    name: `bench_raw_insert_${schema}_${run}`,
    text: `INSERT INTO ${table} (stream, revision, id, type, data, metadata)
           VALUES ($1, $2::bigint, $3::uuid, $4, $5::jsonb, $6::jsonb)`,
  };
  return async (writer, revision) => {
    const event = newEvent(writer);
    await sql.query(statement, [
      `user-${run}-${writer}`,
      revision.toString(),
      event.id,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
    ]);
  };
}

function storeAppend(store: EventStore, run: string): Append {
  return async (writer, revision) => {
    await store.append(
      `user-${run}-${writer}`,
      [newEvent(writer)],
      revision === 0n ? 'no_stream' : revision - 1n,
    );
  };
}

interface Target {
  readonly name: string;
  readonly store: EventStore;
  readonly sql: SqlExecutor;
  readonly schema: string;
}

/** Alternates raw and store rounds so a busy machine weighs on both alike; prints the medians. */
async function benchTarget(target: Target): Promise<void> {
  for (const writers of writerCounts) {
    const raw = await rawInsert(target.sql, target.schema, `w${writers}`);
    const rounds: { raw: number; store: number }[] = [];
    for (let round = 0; round < roundCount; round++) {
      const run = `w${writers}r${round}`;
      rounds.push({
        raw: await throughput(writers, raw),
        store: await throughput(writers, storeAppend(target.store, run)),
      });
    }
    const rawRate = median(rounds.map((r) => r.raw));
    const storeRate = median(rounds.map((r) => r.store));
    const ratio = median(rounds.map((r) => r.store / r.raw));
    console.log(
      [
        target.name.padEnd(10),
        String(writers).padStart(7),
        fmt(rawRate),
        fmt(storeRate),
        ratio.toFixed(2).padStart(6),
      ].join(' '),
    );
  }
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (perSecond: number) => Math.round(perSecond).toLocaleString('en-US').padStart(12);

async function main(): Promise<void> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  console.log(
    `single-event appends/s, median of ${roundCount} rounds of ${seconds} s (raw = INSERT into a plain table)`,
  );
  // The ratio is the figure to read; absolute rates swing with whatever else the machine runs.
  console.log(`load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`);
  console.log(['adapter   ', 'writers', '         raw', '       store', ' ratio'].join(' '));

  const pglite = await PGlite.create();
  const embedded = await openPgliteEventStore({ pglite, schema });
  await benchTarget({ name: 'pglite', store: embedded, sql: pgliteExecutor(pglite), schema });
  await embedded.close();
  await pglite.close();

  const pool = new pg.Pool({ connectionString: databaseUrl, max: Math.max(...writerCounts) });
  try {
    const server = await openPostgresEventStore({ pool, schema });
    await benchTarget({ name: 'postgres', store: server, sql: poolExecutor(pool), schema });
    await server.close();
    await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}

await main();
