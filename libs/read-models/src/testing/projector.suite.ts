import { comparePositions } from '#event-store';
import type { SqlExecutor } from '#event-store';
import { CheckpointWatcher } from '../projector/checkpoint-watcher.js';
import { CheckpointMovedError, CheckpointTable, DEFAULT_PROJECTOR_NAME } from '../projector/checkpoints.js';
import { Projector } from '../projector/projector.js';
import { READ_MODEL_PROJECTIONS, READ_MODEL_TABLES } from '../projections/read-model-projections.js';
import { migrateReadModels } from '../schema/read-model-migrations.js';
import { buildReadModels } from '../rebuild/build-read-models.js';
import { compareReadModels } from '../rebuild/compare-read-models.js';
import { countedEvents, countingProjection } from './counting-projection.js';
import type { EventFixture } from './event-fixture.js';
import { NEVER, type ReadModelContext } from './read-model-context.js';

const FAST_RETRY = { firstMs: 5, maxMs: 20 };

/** A history that exercises every kind of change, including several to one row in one batch. */
export async function writeMixedHistory(events: EventFixture): Promise<void> {
  await events.createInstance('acme', 1, 'Acme');
  await events.issueAccountKey(1, 'a'.repeat(64));
  await events.issueApiKey('acme', 1, 'b'.repeat(64), { allowUserCreate: true });
  await events.updateApiKey('acme', 1, { ignoreAcl: true });
  for (let id = 1; id <= 6; id++)
    await events.createUser('acme', id, { username: `User${id}`, profile: { n: id } });
  await events.createGroup('acme', 1, { label: 'one', name: 'one' });
  await events.createGroup('acme', 2, { label: 'two' });
  await events.addMember('acme', 1, 1);
  await events.addMember('acme', 1, 2);
  await events.removeMember('acme', 1, 1);
  await events.addMember('acme', 1, 1);
  await events.addMember('acme', 2, 3);
  await events.updateUser('acme', 2, { email: 'Two@x.io', status: 'active', profile: { n: 'two' } });
  await events.login('acme', 2);
  await events.changePassword('acme', 2);
  await events.resetUserKey('acme', 2, 1);
  await events.addMember('acme', 2, 4);
  await events.deleteUser('acme', 4);
  await events.removeMember('acme', 2, 4, 'user_deleted');
  await events.createUser('acme', 7);
  await events.updateUser('acme', 7, { username: 'seven' });
  await events.deleteUser('acme', 7);
  await events.updateGroup('acme', 2, { description: 'second' });
  await events.deleteGroup('acme', 1, [1, 2]);
  await events.revokeAccountKey(1);
  await events.reserveUsername('acme', 'user1', 1);
  await events.createInstance('globex', 2);
  await events.deleteInstance('globex', 2);
}

/** Batching, exactly-once checkpoints, read-your-writes and progress. */
export function describeProjector(ctx: () => ReadModelContext): void {
  describe('projector', () => {
    it('applying in batches equals applying one event at a time', async () => {
      const { events, sql, schema, store } = ctx();
      await writeMixedHistory(events);
      const oneByOne = await ctx().startProjector({ batchSize: 1 });
      expect(await oneByOne.waitFor(events.lastPosition, 10_000)).toBe(true);
      await ctx().untilVisible();
      const batched = `${schema}_other`;
      await migrateReadModels(sql, batched);
      await buildReadModels({ store, sql, schema: batched, projections: READ_MODEL_PROJECTIONS });
      expect(await compareReadModels(sql, schema, batched, READ_MODEL_TABLES)).toEqual([]);
      await sql.query(`DROP SCHEMA "${batched}" CASCADE`);
    });

    it('a crash between apply and checkpoint leaves nothing half-applied, and no event is applied twice', async () => {
      const { events, sql, schema, users, groups } = ctx();
      await writeMixedHistory(events);
      let crashes = 0;
      const projector = await ctx().startProjector({
        projections: [...READ_MODEL_PROJECTIONS, countingProjection(() => crashes++ < 3)],
        batchSize: 7,
        retry: FAST_RETRY,
      });
      expect(await projector.waitFor(events.lastPosition, 10_000)).toBe(true);
      expect(crashes).toBeGreaterThan(3);
      expect(await countedEvents((text) => sql.query(text), schema)).toBe(events.appended);
      expect((await users.get('acme', 2))?.revision).toBe(4);
      expect((await groups.get('acme', 2))?.revision).toBe(5);
      expect(projector.status().lastError).toBeNull();
    });

    it('the same events replayed after a crash are not applied again (the checkpoint is in the same transaction)', async () => {
      const { events, sql, schema } = ctx();
      const counting = countingProjection();
      const first = await ctx().startProjector({ projections: [...READ_MODEL_PROJECTIONS, counting] });
      await writeMixedHistory(events);
      expect(await first.waitFor(events.lastPosition, 10_000)).toBe(true);
      await first.stop();
      // A second process starts from the stored checkpoint, not from wherever the first one was.
      const second = await ctx().startProjector({ projections: [...READ_MODEL_PROJECTIONS, counting] });
      await events.createUser('acme', 9);
      expect(await second.waitFor(events.lastPosition, 10_000)).toBe(true);
      expect(await countedEvents((text) => sql.query(text), schema)).toBe(events.appended);
    });

    it('analyzeEvery: the planner statistics follow the applied events (PGlite never analyzes)', async () => {
      const { events, sql, schema } = ctx();
      const table = `"${schema}".users`;
      const statistics = async () => {
        const [row] = await sql.query<{ reltuples: number }>(
          `SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = $1::regclass`,
          [table],
        );
        return row!.reltuples;
      };
      const projector = await ctx().startProjector({ analyzeEvery: 1 });
      expect(await statistics()).toBe(0);
      await writeMixedHistory(events);
      expect(await projector.waitFor(events.lastPosition, 10_000)).toBe(true);
      const [{ count }] = (await sql.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM ${table}`,
      )) as [{ count: number }];
      expect(count).toBeGreaterThan(0);
      // The analyze runs after the batch's commit (and its waiters): give it a moment.
      for (let tries = 0; tries < 100 && (await statistics()) !== count; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(await statistics()).toBe(count);
    });

    it('events that no projection writes for move the checkpoint in one statement, only from where it was', async () => {
      const { events, sql, schema, store } = ctx();
      let transactions = 0;
      const counting: SqlExecutor = {
        query: (statement, params) => sql.query(statement, params),
        transaction: (work) => {
          transactions += 1;
          return sql.transaction(work);
        },
      };
      const projector = new Projector({ store, sql: counting, schema, projections: READ_MODEL_PROJECTIONS });
      await projector.start();
      try {
        const created = await events.createInstance('acme', 1);
        expect(await projector.waitFor(created, 5000)).toBe(true);
        const before = transactions;
        const reserved = await events.reserveUsername('acme', 'user1', 1);
        expect(await projector.waitFor(reserved, 5000)).toBe(true);
        expect(transactions).toBe(before);
        const checkpoints = new CheckpointTable(schema);
        expect(await checkpoints.read(sql, DEFAULT_PROJECTOR_NAME)).toEqual(reserved);
        await expect(checkpoints.move(sql, DEFAULT_PROJECTOR_NAME, created, NEVER)).rejects.toBeInstanceOf(
          CheckpointMovedError,
        );
        expect(await checkpoints.read(sql, DEFAULT_PROJECTOR_NAME)).toEqual(reserved);
      } finally {
        await projector.stop();
      }
    });

    it('two projectors on one checkpoint never apply an event twice', async () => {
      const { events, sql, schema } = ctx();
      const projections = [...READ_MODEL_PROJECTIONS, countingProjection()];
      const a = await ctx().startProjector({ projections, batchSize: 5, retry: FAST_RETRY });
      const b = await ctx().startProjector({ projections, batchSize: 3, retry: FAST_RETRY });
      await writeMixedHistory(events);
      await writeMixedHistoryElsewhere(events);
      const head = events.lastPosition;
      expect(await a.waitFor(head, 10_000)).toBe(true);
      expect(await b.waitFor(head, 10_000)).toBe(true);
      expect(await countedEvents((text) => sql.query(text), schema)).toBe(events.appended);
    });

    it('waitFor: true as soon as the batch commits, at once for a passed position, false on timeout', async () => {
      const { events, instances } = ctx();
      const early = await events.createInstance('acme', 1);
      const projector = await ctx().startProjector();
      expect(await projector.waitFor(early, 5000)).toBe(true);

      const position = await events.createInstance('globex', 2);
      const waiting = projector.waitFor(position, 5000);
      expect(await waiting).toBe(true);
      expect(await instances.exists('globex')).toBe(true);
      expect(comparePositions(projector.position!, position)).toBeGreaterThanOrEqual(0);

      const started = Date.now();
      expect(await projector.waitFor(early, 5000)).toBe(true);
      expect(Date.now() - started).toBeLessThan(50);
      expect(await projector.waitFor(NEVER, 100)).toBe(false);
      expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    });

    it('waitFor before the projector starts resolves once it gets there', async () => {
      const { events, store, sql, schema } = ctx();
      const position = await events.createInstance('acme', 1);
      const projector = new Projector({ store, sql, schema, projections: READ_MODEL_PROJECTIONS });
      const waiting = projector.waitFor(position, 5000);
      await projector.start();
      try {
        expect(await waiting).toBe(true);
      } finally {
        await projector.stop();
      }
    });

    it('reports caughtUp, counts and lag', async () => {
      const { events } = ctx();
      await writeMixedHistory(events);
      const total = events.appended;
      const projector = await ctx().startProjector({ batchSize: 10 });
      expect(await projector.waitFor(events.lastPosition, 10_000)).toBe(true);
      expect(await projector.whenCaughtUp(10_000)).toBe(true);
      const status = projector.status();
      expect(status).toMatchObject({
        name: 'read-models',
        caughtUp: true,
        pendingEvents: 0,
        lagMs: 0,
        lastError: null,
      });
      expect(status.eventsApplied).toBe(total);
      expect(status.batchesApplied).toBeGreaterThanOrEqual(Math.ceil(status.eventsApplied / 10));
      expect(status.lastEventOccurredAt).toMatch(/^2024-01-01T\d\d:\d\d:\d\d\.\d{6}Z$/);
    });

    it('CheckpointWatcher: waitFor follows the checkpoint through NOTIFY, for a projector elsewhere', async () => {
      const { events, sql, schema, notifications } = ctx();
      const watcher = new CheckpointWatcher({ sql, notifications, schema });
      await watcher.start();
      try {
        expect(watcher.position).toBeNull();
        const projector = await ctx().startProjector();
        const position = await events.createInstance('acme', 1);
        expect(await watcher.waitFor(position, 5000)).toBe(true);
        expect(watcher.position).toEqual(position);
        expect(await projector.waitFor(position, 5000)).toBe(true);
        expect(await watcher.waitFor(NEVER, 100)).toBe(false);
      } finally {
        await watcher.close();
      }
      // A watcher started later reads where the checkpoint already is.
      const late = new CheckpointWatcher({ sql, notifications, schema });
      await late.start();
      try {
        expect(late.position).not.toBeNull();
        expect(await late.waitFor(late.position!, 0)).toBe(true);
      } finally {
        await late.close();
      }
    });
  });
}

async function writeMixedHistoryElsewhere(events: EventFixture): Promise<void> {
  for (let id = 1; id <= 20; id++) await events.createUser('globex', id);
  for (let id = 1; id <= 20; id += 2) await events.deleteUser('globex', id);
}
