import { PGlite } from '@electric-sql/pglite';
import { JSON_ARRAY_ROWS } from '../sql/event-row.js';
import { SqlEventStore } from '../sql/sql-event-store.js';
import { DEFAULT_SCHEMA } from '../sql/schema-name.js';
import { AppendSignal } from '../subscription/append-signal.js';
import { pgliteExecutor } from './pglite-executor.js';

export interface PgliteEventStoreOptions {
  /** Directory of the embedded database; in memory when neither this nor `pglite` is given. */
  readonly dataDir?: string;
  /** An open PGlite to share (e.g. with read models); the caller closes it. */
  readonly pglite?: PGlite;
  /** PostgreSQL schema of the tables; default `roster`. */
  readonly schema?: string;
}

export interface PgliteEventStore extends SqlEventStore {
  /** The embedded database: read models reuse it (one PGlite per data directory and process). */
  readonly pglite: PGlite;
}

// PGlite is one session in this process, so every writer to a schema is in this process: a signal
// per (instance, schema) reaches every store on it, however many were opened.
const signals = new WeakMap<PGlite, Map<string, AppendSignal>>();

function appendSignalFor(pglite: PGlite, schema: string): AppendSignal {
  const bySchema = signals.get(pglite) ?? new Map<string, AppendSignal>();
  signals.set(pglite, bySchema);
  const signal = bySchema.get(schema) ?? new AppendSignal();
  bySchema.set(schema, signal);
  return signal;
}

/** Opens the embedded event store, creating its tables if missing. */
export async function openPgliteEventStore(options: PgliteEventStoreOptions = {}): Promise<PgliteEventStore> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const owned = options.pglite === undefined;
  const pglite = options.pglite ?? (await PGlite.create(options.dataDir ?? 'memory://'));
  const appended = appendSignalFor(pglite, schema);
  try {
    const store = await SqlEventStore.open({
      sql: pgliteExecutor(pglite),
      schema,
      appended,
      announceAppend: (position) => appended.notify(position),
      watch: () => undefined,
      rowFormat: JSON_ARRAY_ROWS,
      // One connection: a second call would only wait for it, while waiting appends join the next.
      appendCallsInFlight: 1,
      // An embedded database has no connection to lose.
      isConnectionFault: () => false,
      release: async () => {
        if (owned) await pglite.close();
      },
    });
    return Object.assign(store, { pglite });
  } catch (error) {
    if (owned) await pglite.close();
    throw error;
  }
}
