import { randomBytes, randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { collect, newEvent, SubscriptionRecorder } from '../testing/contract-fixtures.js';
import { describeEventStoreContract } from '../testing/event-store.contract.js';
import { ESDB_CAPABILITIES, openEsdbEventStore } from './esdb-event-store.js';
import { namespacedEventStore } from './testing/namespaced-event-store.js';

// The shared contract suite against a real EventStoreDB (e.g. `esdb://localhost:2113?tls=false`),
// run with `npm run test:contract:esdb`. Best on a fresh server: $all is never emptied, and reading
// it from the start walks every test's events so far.
const url = process.env['EVENTSTORE_URL'];
const required = process.env['REQUIRE_ESDB'] === '1';

/** A store on `url` that sees only the streams of `namespace`, shown without it. */
async function openNamespaced(connectionString: string, namespace: string) {
  const store = await openEsdbEventStore({ connectionString, streamPrefixes: [namespace] });
  return namespacedEventStore(store, namespace);
}

if (url) {
  describeEventStoreContract('EventStoreDB', {
    // Each test's "schema" is a stream namespace of its own (see namespacedEventStore).
    open: (schema) => openNamespaced(url, `${schema}.`),
    // Nothing to drop: EventStoreDB keeps every event in $all; the next test uses a new namespace.
    dropSchema: async () => undefined,
    capabilities: ESDB_CAPABILITIES,
  });

  describe('EventStoreDB event store', () => {
    it('reads and delivers only the store’s streams: neither foreign nor system ones', async () => {
      const namespace = `t_${randomBytes(6).toString('hex')}`;
      const raw = EventStoreDBClient.connectionString(url);
      const store = await openNamespaced(url, `${namespace}.`);
      try {
        const recorder = new SubscriptionRecorder(store);
        await recorder.until(() => recorder.caughtUpCount === 1);
        await raw.appendToStream(
          `${namespace}-foreign`,
          jsonEvent({ id: randomUUID(), type: 'Foreign', data: {} }),
        );
        const ours = await store.append('s', [newEvent()], 'no_stream');
        await raw.appendToStream(
          `${namespace}-foreign`,
          jsonEvent({ id: randomUUID(), type: 'Foreign', data: {} }),
        );
        await recorder.until(() => recorder.events.length === 1);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await recorder.stop();
        expect(recorder.events.map((event) => event.stream)).toEqual(['s']);
        expect((await collect(store.readAll())).map((event) => event.stream)).toEqual(['s']);
        expect(await store.headPosition()).toEqual(ours.position);
      } finally {
        await store.close();
        await raw.dispose();
      }
    }, 30_000);
  });
} else if (required) {
  describe('EventStoreDB event store', () => {
    it('needs EventStoreDB at EVENTSTORE_URL (REQUIRE_ESDB=1)', () => {
      throw new Error('EVENTSTORE_URL is not set, and REQUIRE_ESDB=1 makes that a failure');
    });
  });
} else {
  // oxlint-disable-next-line no-console -- a skipped suite must say why, where the test run shows it
  console.warn(
    'Skipping the EventStoreDB event store tests: EVENTSTORE_URL is not set (e.g. esdb://localhost:2113?tls=false).',
  );
  describe.skip('EventStoreDB event store (EVENTSTORE_URL not set)', () => {
    it('runs when EVENTSTORE_URL is set', () => undefined);
  });
}
