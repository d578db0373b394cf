import { PGlite } from '@electric-sql/pglite';
import { SQL_CAPABILITIES } from '../sql/sql-event-store.js';
import { describeEventStoreContract } from '../testing/event-store.contract.js';
import { openPgliteEventStore } from './pglite-event-store.js';

// One embedded database for the whole file (opening one takes seconds); tests isolate by schema.
let pglite: PGlite;
beforeAll(async () => {
  pglite = await PGlite.create();
}, 60_000);
afterAll(async () => {
  await pglite?.close();
});

describeEventStoreContract('PGlite', {
  open: (schema) => openPgliteEventStore({ pglite, schema }),
  dropSchema: async (schema) => {
    await pglite.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  },
  capabilities: SQL_CAPABILITIES,
});
