import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  openPgliteEventStore,
  openPostgresEventStore,
  pgliteExecutor,
  poolExecutor,
  type EventStore,
  type SqlExecutor,
} from '#event-store';
import { TEST_DATABASE_URL, uniqueSchema } from '#event-store/testing/postgres-test-database.js';
import {
  pgliteNotifications,
  postgresNotifications,
  type NotificationSource,
} from '../projector/notification-source.js';

/** One test's database: an event store and its read models in a fresh schema. */
export interface ReadModelDatabase {
  /** Its own per test: the store's and the read models' tables share it. */
  readonly schema: string;
  readonly store: EventStore;
  readonly sql: SqlExecutor;
  readonly notifications: NotificationSource;
  close(): Promise<void>;
}

/** Where the suite runs: PGlite in memory, or PostgreSQL. */
export interface ReadModelBackend {
  readonly name: string;
  /**
   * `one` (PGlite): a query outside a transaction waits for it, so nothing may read the log while
   * a transaction is open; `pool` (PostgreSQL): the store reads on connections of its own.
   */
  readonly connections: 'one' | 'pool';
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  open(): Promise<ReadModelDatabase>;
}

/** One in-memory PGlite for a whole file (opening one takes seconds); tests isolate by schema. */
export function pgliteBackend(): ReadModelBackend {
  let pglite: PGlite | undefined;
  return {
    name: 'PGlite',
    connections: 'one',
    async setUp() {
      pglite = await PGlite.create();
    },
    async tearDown() {
      await pglite?.close();
    },
    async open() {
      const db = pglite!;
      const schema = uniqueSchema('rm');
      const store = await openPgliteEventStore({ pglite: db, schema });
      return {
        schema,
        store,
        sql: pgliteExecutor(db),
        notifications: pgliteNotifications(db),
        close: () => store.close(),
      };
    },
  };
}

/** PostgreSQL at `TEST_DATABASE_URL`: one pool per file, a schema per test, dropped afterwards. */
export function postgresBackend(): ReadModelBackend {
  let pool: pg.Pool | undefined;
  return {
    name: 'PostgreSQL',
    connections: 'pool',
    async setUp() {
      pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 8 });
    },
    async tearDown() {
      await pool?.end();
    },
    async open() {
      const shared = pool!;
      const schema = uniqueSchema('rm');
      const store = await openPostgresEventStore({ pool: shared, schema });
      return {
        schema,
        store,
        sql: poolExecutor(shared),
        notifications: postgresNotifications({ connectionString: TEST_DATABASE_URL }),
        close: async () => {
          await store.close();
          for (const suffix of ['', '_rebuild', '_verify', '_other']) {
            await shared.query(`DROP SCHEMA IF EXISTS "${schema}${suffix}" CASCADE`);
          }
        },
      };
    },
  };
}
