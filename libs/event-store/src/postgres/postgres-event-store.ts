import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SqlEventStore } from '../sql/sql-event-store.js';
import { DEFAULT_SCHEMA } from '../sql/schema-name.js';
import { AppendSignal } from '../subscription/append-signal.js';
import { AppendListener } from './append-listener.js';
import { CoalescedNotifier } from './coalesced-notifier.js';
import { isConnectionFault } from './connection-fault.js';
import { poolExecutor } from './postgres-executor.js';

export type PostgresEventStoreOptions = {
  /** PostgreSQL schema of the tables; default `roster`. */
  readonly schema?: string;
} & (
  | { readonly connectionString: string; readonly pool?: undefined }
  /** A pool to share (e.g. with read models); the caller ends it. */
  | { readonly pool: pg.Pool; readonly connectionString?: undefined }
);

export interface PostgresEventStore extends SqlEventStore {
  /** The store's connections: read models in the same database reuse them. */
  readonly pool: pg.Pool;
}

/**
 * The NOTIFY channel of a schema. Why the notification is sent after the append's transaction
 * and not by pg_notify inside it: PostgreSQL serialises every notifying transaction's commit,
 * WAL flush included, behind one database-wide lock, which removes group commit. Measured with
 * pgbench on the development machine, 16 writers: 12,000 inserts/s plain, 3,900/s with pg_notify
 * in the same transaction. A NOTIFY in a transaction of its own writes nothing to wait for, and
 * this process sends at most one at a time however many appends finish meanwhile.
 */
function channelOf(schema: string): string {
  return `${schema}.appended`;
}

/** Opens the event store on PostgreSQL, creating its tables if missing. */
export async function openPostgresEventStore(
  options: PostgresEventStoreOptions,
): Promise<PostgresEventStore> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const owned = options.pool === undefined;
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString });
  // An idle connection that dies emits 'error' on the pool, which would crash the process with no
  // listener; the pool has already dropped it and the next query opens a new one.
  const onIdleError = (): void => undefined;
  pool.on('error', onIdleError);
  const storeId = randomUUID();
  const appended = new AppendSignal();
  const channel = channelOf(schema);
  const listener = new AppendListener(pool.options, channel, storeId, () => appended.notify());
  const notifier = new CoalescedNotifier(() => pool.query('SELECT pg_notify($1, $2)', [channel, storeId]));
  const release = async (): Promise<void> => {
    await Promise.all([notifier.settled(), listener.close()]);
    pool.off('error', onIdleError);
    if (owned) await pool.end();
  };
  try {
    const store = await SqlEventStore.open({
      sql: poolExecutor(pool),
      schema,
      appended,
      announceAppend: () => {
        appended.notify();
        notifier.request();
      },
      watch: () => listener.start(),
      isConnectionFault,
      release,
    });
    return Object.assign(store, { pool });
  } catch (error) {
    await release();
    throw error;
  }
}
