import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SqlEventStore } from '../sql/sql-event-store.js';
import { DEFAULT_SCHEMA } from '../sql/schema-name.js';
import { AppendSignal } from '../subscription/append-signal.js';
import { CoalescedNotifier } from './coalesced-notifier.js';
import { isConnectionFault } from './connection-fault.js';
import { listenWithReconnect, type ReconnectingListen } from './listen-with-reconnect.js';
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
  const notifier = new CoalescedNotifier(() => pool.query('SELECT pg_notify($1, $2)', [channel, storeId]));
  let listening: ReconnectingListen | undefined;
  let released = false;
  // Other stores' appends wake the subscriptions (this store's own already did), and so does every
  // (re)listen: appends made while it was not listening are then read.
  const watch = (): void => {
    if (released) return;
    listening ??= listenWithReconnect(
      pool.options,
      channel,
      (payload) => {
        if (payload !== storeId) appended.notify();
      },
      () => appended.notify(),
    );
  };
  const release = async (): Promise<void> => {
    released = true;
    await Promise.all([notifier.settled(), listening?.close()]);
    pool.off('error', onIdleError);
    if (owned) await pool.end();
  };
  try {
    const store = await SqlEventStore.open({
      sql: poolExecutor(pool),
      schema,
      appended,
      announceAppend: (position) => {
        appended.notify(position);
        notifier.request();
      },
      watch,
      // One call commits while the next collects the appends that arrive meanwhile (measured at 16
      // writers: 1, 2 and 4 calls in flight within noise of each other, all far above one per append).
      appendCallsInFlight: 2,
      isConnectionFault,
      release,
    });
    return Object.assign(store, { pool });
  } catch (error) {
    await release();
    throw error;
  }
}
