import pg from 'pg';
import { validateAppend } from '../append-validation.js';
import { appendBatchStatement, appendJson } from '../sql/append-events.sql.js';
import { SQL_CAPABILITIES } from '../sql/sql-event-store.js';
import type { NewEvent } from '../event.js';
import { START } from '../position.js';
import { collect, newEvent, newEvents, SubscriptionRecorder } from '../testing/contract-fixtures.js';
import { describeEventStoreContract } from '../testing/event-store.contract.js';
import {
  dropSchema,
  postgresAvailable,
  TEST_DATABASE_URL,
  uniqueSchema,
} from '../testing/postgres-test-database.js';
import { openPostgresEventStore, type PostgresEventStore } from './postgres-event-store.js';

/** A write transaction held open by the test, on a connection of its own. */
interface HeldTransaction {
  /** Appends `events` to `stream` (expected 'any') inside the held transaction. */
  append(stream: string, events: readonly NewEvent[]): Promise<void>;
  commit(): Promise<void>;
  /** Rolls back if still open and disconnects; safe to call after `commit`. */
  end(): Promise<void>;
}

/** Begins a transaction that already holds a transaction id, on its own connection. */
async function beginTransaction(schema: string): Promise<HeldTransaction> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query('BEGIN');
  // Take a transaction id now, before the other writer: the order the gap-freedom test needs.
  await client.query('SELECT pg_current_xact_id()');
  let open = true;
  return {
    append: async (stream, events) => {
      await client.query(appendBatchStatement(schema).text, [
        `[${appendJson(stream, 'any', validateAppend(stream, events, 'any'))}]`,
      ]);
    },
    commit: async () => {
      await client.query('COMMIT');
      open = false;
    },
    end: async () => {
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    },
  };
}

// Runs when PostgreSQL answers at DATABASE_URL; REQUIRE_POSTGRES=1 (CI) makes its absence a failure.
if (await postgresAvailable()) {
  describeEventStoreContract('PostgreSQL', {
    open: (schema) => openPostgresEventStore({ connectionString: TEST_DATABASE_URL, schema }),
    dropSchema,
    capabilities: SQL_CAPABILITIES,
  });

  // PostgreSQL only: it takes concurrent connections to hold one transaction open while another
  // commits (PGlite has one; EventStoreDB orders $all itself).
  describe('PostgreSQL gap-free global order', () => {
    let schema = '';
    let store: PostgresEventStore;
    let slow: HeldTransaction | undefined;

    beforeEach(async () => {
      schema = uniqueSchema();
      store = await openPostgresEventStore({ connectionString: TEST_DATABASE_URL, schema });
      slow = undefined;
    });

    afterEach(async () => {
      await slow?.end();
      await store.close();
      await dropSchema(schema);
    });

    const cases = [
      ['inserts before', 'a lower position: ordering by insert sequence alone would skip it'],
      ['inserts after', 'a lower transaction id but a higher sequence'],
    ] as const;

    it.each(cases)(
      'a reader never passes a slow transaction that %s the fast one commits (%s)',
      async (when) => {
        const recorder = new SubscriptionRecorder(store);
        await recorder.until(() => recorder.caughtUpCount === 1);
        slow = await beginTransaction(schema);
        const slowEvent = newEvent({ slow: true });
        if (when === 'inserts before') await slow.append('slow', [slowEvent]);
        const fastEvent = newEvent({ fast: true });
        await store.append('fast', [fastEvent], 'no_stream');
        if (when === 'inserts after') await slow.append('slow', [slowEvent]);

        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(recorder.events).toEqual([]);
        expect(await collect(store.readAll())).toEqual([]);
        expect(await store.headPosition()).toEqual(START);

        await slow.commit();
        await recorder.until(() => recorder.events.length === 2);
        await recorder.stop();
        expect(recorder.events.map((event) => event.id)).toEqual([slowEvent.id, fastEvent.id]);
        expect(await collect(store.readAll())).toEqual(recorder.events);
      },
      15_000,
    );
  });

  describe('PostgreSQL event store faults', () => {
    const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
    afterAll(() => admin.end());

    it('a subscription resumes by itself after its connections are killed, with no loss or duplicate', async () => {
      const schema = uniqueSchema();
      const applicationName = `roster_fault_${schema}`;
      const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, application_name: applicationName });
      const store = await openPostgresEventStore({ pool, schema });
      const writer = await openPostgresEventStore({ connectionString: TEST_DATABASE_URL, schema });
      const kill = () =>
        admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
          applicationName,
        ]);
      try {
        const recorder = new SubscriptionRecorder(store);
        await recorder.until(() => recorder.caughtUpCount === 1);
        const written = newEvents(7);
        await writer.append('s', written.slice(0, 2), 'no_stream');
        await recorder.until(() => recorder.events.length === 2);

        await kill();
        await writer.append('s', written.slice(2, 5), 1n);
        await recorder.until(() => recorder.events.length === 5);
        await kill();
        await new Promise((resolve) => setTimeout(resolve, 200));
        await writer.append('s', written.slice(5), 4n);
        await recorder.until(() => recorder.events.length === 7);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await recorder.stop();
        expect(recorder.events.map((event) => event.id)).toEqual(written.map((event) => event.id));
      } finally {
        await Promise.all([store.close(), writer.close()]);
        await pool.end();
        await dropSchema(schema);
      }
    }, 30_000);
  });
} else {
  // oxlint-disable-next-line no-console -- a skipped suite must say why, where the test run shows it
  console.warn(
    `Skipping the PostgreSQL event store tests: nothing reachable at ${TEST_DATABASE_URL} (set DATABASE_URL).`,
  );
  describe.skip('PostgreSQL event store (not reachable)', () => {
    it('runs when PostgreSQL is reachable', () => undefined);
  });
}
