// The client-independent half of the consumer kit on a real database (PGlite): dedupe in the
// effect's transaction, bounded retries with backoff, poison, interruption by stop.
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { pgliteExecutor, type SqlExecutor } from '#event-store';
import { EventProcessor } from './event-processor.js';
import { userCloudEvent, userDelivery as delivery } from './testing/user-deliveries.js';

const userCreated = (id?: string) =>
  userCloudEvent(
    'UserCreated',
    { userId: 7, username: 'geralt', email: null, fullName: null, status: 'active', roles: [], profile: {} },
    id,
  );

describe('EventProcessor', () => {
  let pglite: PGlite;
  let sql: SqlExecutor;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    pglite = await PGlite.create();
    sql = pgliteExecutor(pglite);
    await sql.query('CREATE TABLE greetings (user_id integer NOT NULL, name text NOT NULL)');
  });
  afterAll(() => pglite.close());
  beforeEach(() => sql.query('DELETE FROM greetings'));

  const processor = (
    handler: (attempt: number, tx: SqlExecutor) => Promise<void>,
    groupId = `group-${randomUUID()}`,
  ) => {
    const created = new EventProcessor({
      groupId,
      sql,
      schema: 'kit',
      retry: { attempts: 3, firstMs: 10, maxMs: 20 },
      handlers: {
        UserCreated: async (event, { tx, attempt }) => {
          await tx.query('INSERT INTO greetings VALUES ($1, $2)', [event.data.userId, event.data.username]);
          await handler(attempt, tx);
        },
      },
    });
    return created;
  };
  const greetings = async () =>
    (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM greetings'))[0]!.n;

  it('applies an event once: a redelivery finds its id recorded and does nothing', async () => {
    const kit = processor(async () => undefined);
    await kit.ensureSchema();
    const message = userCreated();
    expect(await kit.process(message, delivery, signal)).toMatchObject({ outcome: 'handled' });
    expect(await kit.process(Buffer.from(message), delivery, signal)).toMatchObject({ outcome: 'duplicate' });
    expect(await greetings()).toBe(1);
    expect(await kit.processedCount()).toBe(1);
  });

  it('keeps dedupe records per consumer group', async () => {
    const message = userCreated();
    const first = processor(async () => undefined);
    const second = processor(async () => undefined);
    await first.ensureSchema();
    expect((await first.process(message, delivery, signal)).outcome).toBe('handled');
    expect((await second.process(message, delivery, signal)).outcome).toBe('handled');
    expect(await greetings()).toBe(2);
  });

  it('retries a failing handler with its effect rolled back each time, and applies it once it succeeds', async () => {
    const attempts: number[] = [];
    const kit = processor(async (attempt) => {
      attempts.push(attempt);
      if (attempt < 3) throw new Error('the database blinked');
    });
    await kit.ensureSchema();
    expect((await kit.process(userCreated(), delivery, signal)).outcome).toBe('handled');
    expect(attempts).toEqual([1, 2, 3]);
    expect(await greetings()).toBe(1);
  });

  it('calls a message poison after the last attempt, leaving no effect and no dedupe record', async () => {
    const kit = processor(async () => {
      throw new Error('always');
    });
    await kit.ensureSchema();
    expect(await kit.process(userCreated(), delivery, signal)).toEqual({
      outcome: 'poison',
      reason: 'always',
      attempts: 3,
    });
    expect(await greetings()).toBe(0);
    expect(await kit.processedCount()).toBe(0);
  });

  it('calls a message that is not a Roster CloudEvent poison at once', async () => {
    const kit = processor(async () => undefined);
    expect(await kit.process('{"specversion":"0.3"}', delivery, signal)).toEqual({
      outcome: 'poison',
      reason: 'Not a Roster CloudEvent: specversion is not "1.0"',
      attempts: 1,
    });
  });

  it('skips types it has no handler for, without a dedupe record', async () => {
    const kit = processor(async () => undefined);
    await kit.ensureSchema();
    const loggedIn = JSON.stringify({
      ...JSON.parse(userCreated()),
      type: 'UserLoggedIn',
      data: { userId: 7 },
    });
    expect((await kit.process(loggedIn, delivery, signal)).outcome).toBe('ignored');
    expect(await kit.processedCount()).toBe(0);
  });

  it('gives up waiting between retries when stopping: the message stays unacknowledged', async () => {
    const stopping = new AbortController();
    const kit = processor(async () => {
      stopping.abort();
      throw new Error('failing while the service stops');
    });
    await kit.ensureSchema();
    expect(await kit.process(userCreated(), delivery, stopping.signal)).toEqual({ outcome: 'interrupted' });
    expect(await greetings()).toBe(0);
  });
});
