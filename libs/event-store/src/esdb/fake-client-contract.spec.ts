import { describeEventStoreContract } from '../testing/event-store.contract.js';
import { ESDB_CAPABILITIES, openEsdbEventStore } from './esdb-event-store.js';
import { FakeEsdbClient } from './testing/fake-esdb-client.js';
import { namespacedEventStore } from './testing/namespaced-event-store.js';

// The shared contract suite against the adapter over the in-memory fake client, set up as the
// EventStoreDB integration run is (a stream namespace per test), so every run proves the adapter's
// own logic; the real server is proved by esdb-event-store.int-spec.ts when EVENTSTORE_URL is set.
const clients = new Map<string, FakeEsdbClient>();

describeEventStoreContract('EventStoreDB adapter on the fake client', {
  // Every store a test opens on its schema shares that schema's fake server.
  open: async (schema) => {
    const fake = clients.get(schema) ?? new FakeEsdbClient();
    clients.set(schema, fake);
    const namespace = `${schema}.`;
    const store = await openEsdbEventStore({ client: fake.client, streamPrefixes: [namespace] });
    return namespacedEventStore(store, namespace);
  },
  dropSchema: async (schema) => {
    clients.delete(schema);
  },
  capabilities: ESDB_CAPABILITIES,
});
