// The dedupe table's retention on a real database (PGlite): expired records go in batches, recent
// ones and other groups' stay, and a redelivery inside the window is still a no-op.
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { pgliteExecutor, type SqlExecutor } from '#event-store';
import { EventProcessor } from './event-processor.js';
import { ProcessedEventsRetention } from './processed-events-retention.js';
import { userCloudEvent, userDelivery as delivery } from './testing/user-deliveries.js';

const SCHEMA = 'kit';
const DAY_MS = 24 * 60 * 60 * 1000;
const signal = new AbortController().signal;
const userDeleted = (id: string) => userCloudEvent('UserDeleted', { userId: 7 }, id);

describe('ProcessedEventsRetention', () => {
  let pglite: PGlite;
  let sql: SqlExecutor;

  beforeAll(async () => {
    pglite = await PGlite.create();
    sql = pgliteExecutor(pglite);
  });
  afterAll(() => pglite.close());

  const setup = async (batchSize = 1000, intervalMs = 60_000) => {
    const groupId = `group-${randomUUID()}`;
    let applied = 0;
    const processor = new EventProcessor({
      groupId,
      sql,
      schema: SCHEMA,
      handlers: { UserDeleted: async () => void applied++ },
    });
    await processor.ensureSchema();
    const retention = new ProcessedEventsRetention({
      sql,
      schema: SCHEMA,
      groupId,
      policy: { maxAgeMs: 7 * DAY_MS, intervalMs, batchSize },
    });
    /** Processes a new event and dates its record `ageDays` back; returns its id. */
    const processedDaysAgo = async (ageDays: number) => {
      const id = randomUUID();
      await processor.process(userDeleted(id), delivery, signal);
      await sql.query(
        `UPDATE ${SCHEMA}.processed_events SET processed_at = now() - $2::float8 * interval '1 day'
          WHERE event_id = $1`,
        [id, ageDays],
      );
      return id;
    };
    return { groupId, processor, retention, processedDaysAgo, applied: () => applied };
  };

  it('deletes records older than the window, keeps the recent ones and other groups', async () => {
    const other = await setup();
    const otherOld = await other.processedDaysAgo(30);
    const { processor, retention, processedDaysAgo, applied } = await setup();
    const expired = [await processedDaysAgo(8), await processedDaysAgo(400)];
    const recent = [await processedDaysAgo(6.9), await processedDaysAgo(0)];

    expect(await retention.sweep()).toBe(2);
    expect(await processor.processedCount()).toBe(2);
    expect(await other.processor.processedCount()).toBe(1);

    // Inside the window a redelivery is still a no-op; past it the event counts as new (the
    // window must cover every redelivery, docs/events.md).
    const before = applied();
    for (const id of recent)
      expect(await processor.process(userDeleted(id), delivery, signal)).toMatchObject({
        outcome: 'duplicate',
      });
    expect(applied()).toBe(before);
    expect(await processor.process(userDeleted(expired[0]!), delivery, signal)).toMatchObject({
      outcome: 'handled',
    });
    expect(await other.processor.process(userDeleted(otherOld), delivery, signal)).toMatchObject({
      outcome: 'duplicate',
    });
  });

  it('deletes a large backlog in batches of the policy size', async () => {
    const { groupId, processor, retention } = await setup(100);
    await sql.query(
      `INSERT INTO ${SCHEMA}.processed_events (consumer_group, event_id, event_type, processed_at)
       SELECT $1, gen_random_uuid()::text, 'UserDeleted', now() - interval '10 days'
         FROM generate_series(1, 250)`,
      [groupId],
    );
    const statements: string[] = [];
    const counting: SqlExecutor = {
      query: (statement, params) => {
        if (String(statement).startsWith('DELETE')) statements.push(String(statement));
        return sql.query(statement, params);
      },
      transaction: (work) => sql.transaction(work),
    };
    const counted = new ProcessedEventsRetention({
      sql: counting,
      schema: SCHEMA,
      groupId,
      policy: { maxAgeMs: 7 * DAY_MS, intervalMs: 60_000, batchSize: 100 },
    });
    expect(await counted.sweep()).toBe(250);
    expect(statements).toHaveLength(3);
    expect(await processor.processedCount()).toBe(0);
    expect(await retention.sweep()).toBe(0);
  });

  it('sweeps in the background every interval until stopped', async () => {
    const { processor, retention, processedDaysAgo } = await setup(1000, 50);
    await processedDaysAgo(10);
    await processedDaysAgo(1);
    retention.start();
    try {
      for (let waited = 0; (await processor.processedCount()) > 1 && waited < 5000; waited += 25)
        await new Promise((resolve) => setTimeout(resolve, 25));
    } finally {
      await retention.stop();
    }
    expect(await processor.processedCount()).toBe(1);
  });
});
