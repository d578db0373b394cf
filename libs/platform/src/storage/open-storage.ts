import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  openEsdbEventStore,
  openPgliteEventStore,
  openPostgresEventStore,
  pgliteExecutor,
  poolExecutor,
  type EventStore,
  type SqlExecutor,
} from '#event-store';
import type { Config } from '../config/config.js';
import { lockDataDir } from '../data-dir/data-dir-lock.js';

/** The event store and the SQL database the read models live in, opened by configuration. */
export interface Storage {
  readonly store: EventStore;
  readonly sql: SqlExecutor;
  /** The read-model database itself, for what needs more than queries (LISTEN). */
  readonly database:
    | { readonly kind: 'pglite'; readonly pglite: PGlite }
    | { readonly kind: 'postgres'; readonly pool: pg.Pool };
  close(): Promise<void>;
}

/** Opens what `EVENT_STORE` names; the embedded store takes the data directory's lock first. */
export async function openStorage(config: Config): Promise<Storage> {
  switch (config.eventStore) {
    case 'pglite': {
      const lock = lockDataDir(config.dataDir);
      try {
        const store = await openPgliteEventStore({
          dataDir: join(config.dataDir, 'pglite'),
          schema: config.databaseSchema,
        });
        return {
          store,
          sql: pgliteExecutor(store.pglite),
          database: { kind: 'pglite', pglite: store.pglite },
          close: async () => {
            await store.close();
            lock.release();
          },
        };
      } catch (error) {
        lock.release();
        throw error;
      }
    }
    case 'postgres': {
      const store = await openPostgresEventStore({
        connectionString: config.databaseUrl!,
        schema: config.databaseSchema,
      });
      return {
        store,
        sql: poolExecutor(store.pool),
        database: { kind: 'postgres', pool: store.pool },
        close: () => store.close(),
      };
    }
    case 'esdb': {
      // Events in EventStoreDB; the read models in PostgreSQL (DATABASE_URL).
      const store = await openEsdbEventStore({ connectionString: config.eventStoreUrl! });
      const pool = new pg.Pool({ connectionString: config.databaseUrl! });
      // An idle connection that dies emits 'error' on the pool, which would end the process with no
      // listener; the pool has already dropped it and the next query opens a new one.
      pool.on('error', () => undefined);
      return {
        store,
        sql: poolExecutor(pool),
        database: { kind: 'postgres', pool },
        close: async () => {
          try {
            await store.close();
          } finally {
            await pool.end();
          }
        },
      };
    }
  }
}
