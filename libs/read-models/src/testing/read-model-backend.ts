import { randomBytes } from 'node:crypto';
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
import {
  pgliteNotifications,
  postgresNotifications,
  type NotificationSource,
} from '../projector/notification-source.js';

/** One test's database: an event store and its read models in a fresh schema. */
export interface ReadModelDatabase {
  readonly schema: string;
  readonly store: EventStore;
  readonly sql: SqlExecutor;
  readonly notifications: NotificationSource;
  close(): Promise<void>;
}

/** Where the suite runs: PGlite in memory, or PostgreSQL. */
export interface ReadModelBackend {
  readonly name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  open(): Promise<ReadModelDatabase>;
}

/** A schema name of its own per test (the store's and the read models' tables share it). */
export const uniqueSchema = (): string => `rm_${randomBytes(5).toString('hex')}`;

/** One in-memory PGlite for a whole file (opening one takes seconds); tests isolate by schema. */
export function pgliteBackend(): ReadModelBackend {
  let pglite: PGlite | undefined;
  return {
    name: 'PGlite',
    async setUp() {
      pglite = await PGlite.create();
    },
    async tearDown() {
      await pglite?.close();
    },
    async open() {
      const db = pglite!;
      const schema = uniqueSchema();
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

export const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True when PostgreSQL answers at `DATABASE_URL`. */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** PostgreSQL at `DATABASE_URL`: one pool per file, a schema per test, dropped afterwards. */
export function postgresBackend(): ReadModelBackend {
  let pool: pg.Pool | undefined;
  return {
    name: 'PostgreSQL',
    async setUp() {
      pool = new pg.Pool({ connectionString: DATABASE_URL, max: 8 });
    },
    async tearDown() {
      await pool?.end();
    },
    async open() {
      const shared = pool!;
      const schema = uniqueSchema();
      const store = await openPostgresEventStore({ pool: shared, schema });
      return {
        schema,
        store,
        sql: poolExecutor(shared),
        notifications: postgresNotifications({ connectionString: DATABASE_URL }),
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
