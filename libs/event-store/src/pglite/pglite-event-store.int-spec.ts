import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { EventMetadata, NewEvent } from '../event.js';
import { START } from '../position.js';
import { COLUMN_ROWS, JSON_ARRAY_ROWS, positionParams, type EventRowFormat } from '../sql/event-row.js';
import { readAllStatement } from '../sql/read-events.sql.js';
import { SQL_CAPABILITIES } from '../sql/sql-event-store.js';
import { describeEventStoreContract } from '../testing/event-store.contract.js';
import { openPgliteEventStore } from './pglite-event-store.js';
import { pgliteExecutor } from './pglite-executor.js';

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

const metadata: EventMetadata = {
  actor: { kind: 'api_key', id: '7' },
  requestId: null,
  correlationId: randomUUID(),
  causationId: null,
  occurredAt: '2026-12-03T10:00:00.123456Z',
  schemaVersion: 1,
};
const event = (data: unknown): NewEvent => ({ id: randomUUID(), type: 'Thing', data, metadata });

describe('PGlite event rows as one JSON array', () => {
  it('decode to exactly what one column per field gives', async () => {
    const store = await openPgliteEventStore({ pglite, schema: 'row_formats' });
    await store.append(
      'user-acme-1',
      [
        event({ name: 'Zoë 😀 ÅÄÖ "quoted" \\ back\nline', nested: { list: [1, 2.5, -3e-7, null, true] } }),
        event({ big: 9007199254740991, tiny: 1e-300, empty: {}, none: [] }),
        event({ long: 'x'.repeat(200_000) }),
      ],
      'no_stream',
    );
    const read = async (format: EventRowFormat) => {
      const rows = await pgliteExecutor(pglite).query(readAllStatement('row_formats', format), [
        ...positionParams(START),
        10,
      ]);
      return rows.map((row) => format.decode(row));
    };
    const columns = await read(COLUMN_ROWS);
    expect(columns).toHaveLength(3);
    expect(await read(JSON_ARRAY_ROWS)).toStrictEqual(columns);
    const stored = [];
    for await (const recorded of store.readAll()) stored.push(recorded);
    expect(stored).toStrictEqual(columns);
  });
});
