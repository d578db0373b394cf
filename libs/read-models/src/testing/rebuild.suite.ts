import { comparePositions, START, type Position } from '#event-store';
import { READ_MODEL_PROJECTIONS, READ_MODEL_TABLES } from '../projections/read-model-projections.js';
import { usersProjection } from '../projections/users.projection.js';
import { CheckpointTable, DEFAULT_PROJECTOR_NAME } from '../projector/checkpoints.js';
import { migrateReadModels } from '../schema/read-model-migrations.js';
import { quoteSchema } from '../schema/schema-name.js';
import { buildReadModels, type BuildProgress } from '../rebuild/build-read-models.js';
import { compareReadModels } from '../rebuild/compare-read-models.js';
import {
  rebuildProjections,
  rebuildReadModels,
  type RebuildOptions,
  type RebuildStart,
} from '../rebuild/rebuild-read-models.js';
import { verifyReadModels } from '../rebuild/verify-read-models.js';
import { countedEvents, countingProjection } from './counting-projection.js';
import { writeMixedHistory } from './projector.suite.js';
import type { ReadModelBackend } from './read-model-backend.js';
import { firstPage, type ReadModelContext } from './read-model-context.js';

/** Rebuild from position 0 with a swap, and comparison of two states. */
export function describeRebuild(ctx: () => ReadModelContext, backend: ReadModelBackend): void {
  // A partial swap beside a moving projector reads the log under the checkpoint's lock: a second
  // connection, which PGlite does not have (nothing moves its checkpoint while the CLI owns it).
  const besideLiveProjector = backend.connections === 'pool';

  describe('rebuild', () => {
    it('a projection dropped and rebuilt from position 0 equals the incremental one', async () => {
      const { events, sql, schema, store, users } = ctx();
      const live = await ctx().startProjector({ batchSize: 3 });
      await writeMixedHistory(events);
      expect(await live.waitFor(events.lastPosition, 10_000)).toBe(true);
      const incremental = await copyOfReadModels(ctx());
      await sql.query(`UPDATE ${quoteSchema(schema)}.users SET full_name = 'tampered'`);
      await ctx().untilVisible();

      const indexesBefore = await indexNames(ctx());
      const progress: BuildProgress[] = [];
      const result = await rebuildReadModels({
        store,
        sql,
        schema,
        projections: READ_MODEL_PROJECTIONS,
        batchSize: 10,
        onProgress: (step) => progress.push(step),
      });
      expect(comparePositions(result.position, events.lastPosition)).toBe(0);
      expect(result.eventsApplied).toBe(progress.at(-1)?.eventsApplied);
      expect(progress.length).toBeGreaterThan(3);
      expect(await compareReadModels(sql, schema, incremental, READ_MODEL_TABLES)).toEqual([]);
      expect(await indexNames(ctx())).toEqual(indexesBefore);
      expect(indexesBefore).toEqual(expect.arrayContaining(['users_username_idx', 'memberships_user_idx']));
      expect((await users.get('acme', 2))?.fullName).toBeNull();
      const [shadow] = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = $1`,
        [`${schema}_rebuild`],
      );
      expect(shadow).toEqual({ n: 0 });

      // The live projector carries on into the swapped-in tables.
      await events.createUser('acme', 8, { username: 'after' });
      expect(await live.waitFor(events.lastPosition, 10_000)).toBe(true);
      expect((await users.get('acme', 8))?.username).toBe('after');
      expect(
        (await verifyReadModels({ store, sql, schema, projections: READ_MODEL_PROJECTIONS })).differences,
      ).toEqual([]);
    });

    it('a rebuild racing a live projector loses and duplicates nothing', async () => {
      const { events, sql, schema, store } = ctx();
      const projections = [...READ_MODEL_PROJECTIONS, countingProjection()];
      const live = await ctx().startProjector({ projections, batchSize: 2 });
      await writeMixedHistory(events);
      const writing = (async () => {
        for (let id = 1; id <= 30; id++) await events.createUser('globex', id);
      })();
      await rebuildReadModels({ store, sql, schema, projections, batchSize: 4, swapAttempts: 2 });
      await writing;
      expect(await live.waitFor(events.lastPosition, 10_000)).toBe(true);
      expect(await countedEvents((text) => sql.query(text), schema)).toBe(events.appended);
      expect((await ctx().users.list('globex', {}, firstPage(100))).length).toBe(30);
    });

    it('verify reports the rows that differ from a fresh build', async () => {
      const { events, sql, schema, store } = ctx();
      await writeMixedHistory(events);
      await ctx().settle();
      expect(
        (await verifyReadModels({ store, sql, schema, projections: READ_MODEL_PROJECTIONS })).differences,
      ).toEqual([]);
      await sql.query(`UPDATE ${quoteSchema(schema)}.groups SET label = 'tampered' WHERE id = 2`);
      await sql.query(`DELETE FROM ${quoteSchema(schema)}.memberships WHERE group_id = 2`);
      const { differences } = await verifyReadModels({
        store,
        sql,
        schema,
        projections: READ_MODEL_PROJECTIONS,
      });
      expect(
        differences.map(({ table, onlyInFirst, onlyInSecond }) => ({ table, onlyInFirst, onlyInSecond })),
      ).toEqual([
        { table: 'groups', onlyInFirst: 1, onlyInSecond: 1 },
        { table: 'memberships', onlyInFirst: 0, onlyInSecond: 1 },
      ]);
      expect(differences[0]?.samplesOnlyInFirst[0]).toMatchObject({ id: 2, label: 'tampered' });
      expect(differences[0]?.samplesOnlyInSecond[0]).toMatchObject({ id: 2, label: 'two' });
    });

    it('building into an empty schema twice continues from its checkpoint', async () => {
      const { events, sql, schema, store } = ctx();
      await writeMixedHistory(events);
      await ctx().untilVisible();
      const target = `${schema}_other`;
      await migrateReadModels(sql, target);
      const first = await buildReadModels({
        store,
        sql,
        schema: target,
        projections: READ_MODEL_PROJECTIONS,
      });
      await events.createUser('acme', 20);
      await ctx().untilVisible();
      const second = await buildReadModels({
        store,
        sql,
        schema: target,
        projections: READ_MODEL_PROJECTIONS,
      });
      expect(second).not.toEqual(first);
      await ctx().settle();
      expect(await compareReadModels(sql, schema, target, READ_MODEL_TABLES)).toEqual([]);
    });

    it('a build keeps the planner statistics of the tables it fills from empty', async () => {
      const { events, sql, schema, store } = ctx();
      await writeMixedHistory(events);
      const target = `${schema}_fresh`;
      await migrateReadModels(sql, target);
      const estimatedUsers = async () => {
        const [row] = await sql.query<{ reltuples: number }>(
          `SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = $1::regclass`,
          [`${quoteSchema(target)}.users`],
        );
        return row!.reltuples;
      };
      // Never analyzed: the planner takes it for empty (-1 since PostgreSQL 14, 0 before).
      expect(await estimatedUsers()).toBeLessThanOrEqual(0);
      await buildReadModels({
        store,
        sql,
        schema: target,
        projections: READ_MODEL_PROJECTIONS,
        batchSize: 2,
      });
      expect(await estimatedUsers()).toBeGreaterThan(0);
    });

    it('an interrupted rebuild goes on from its checkpoint: nothing applied twice or lost', async () => {
      const { events, sql, schema, store } = ctx();
      await writeMixedHistory(events);
      await ctx().settle();
      const incremental = await copyOfReadModels(ctx());
      const indexesBefore = await indexNames(ctx());
      await sql.query(`UPDATE ${quoteSchema(schema)}.users SET full_name = 'tampered'`);
      let batches = 0;
      const run = (extra: Partial<RebuildOptions>, failOnBatch = 0) => {
        const starts: RebuildStart[] = [];
        const progress: BuildProgress[] = [];
        const result = rebuildReadModels({
          store,
          sql,
          schema,
          // Not idempotent: an event applied twice, or lost, shows in its count.
          projections: [...READ_MODEL_PROJECTIONS, countingProjection(() => ++batches === failOnBatch)],
          batchSize: 5,
          onStart: (start) => starts.push(start),
          onProgress: (step) => progress.push(step),
          ...extra,
        });
        return { result, starts, progress };
      };

      // A crash inside the third batch: its rows and checkpoint roll back together.
      const crashed = run({}, 3);
      await expect(crashed.result).rejects.toThrow('simulated crash');
      expect(crashed.progress.map((step) => step.eventsApplied)).toEqual([5, 10]);
      expect(crashed.starts).toEqual([{ resumedFrom: null }]);
      expect(await shadowCheckpoint(ctx())).toEqual(crashed.progress[1]!.position);
      expect((await ctx().users.get('acme', 2))?.fullName).toBe('tampered');

      // Stopped (Ctrl-C) after two more batches.
      const stop = new AbortController();
      const stopped = run({
        signal: stop.signal,
        onProgress: (step) => {
          stopped.progress.push(step);
          if (stopped.progress.length === 2) stop.abort();
        },
      });
      await expect(stopped.result).rejects.toThrow(/abort/i);
      expect(stopped.starts).toEqual([{ resumedFrom: crashed.progress[1]!.position }]);
      expect(stopped.progress.map((step) => step.eventsApplied)).toEqual([5, 10]);

      const finished = run({});
      const result = await finished.result;
      expect(result.resumedFrom).toEqual(stopped.progress[1]!.position);
      expect(result.eventsApplied).toBe(events.appended - 20);
      expect(comparePositions(result.position, events.lastPosition)).toBe(0);
      expect(await countedEvents((text) => sql.query(text), schema)).toBe(events.appended);
      expect(await compareReadModels(sql, schema, incremental, READ_MODEL_TABLES)).toEqual([]);
      // The secondary indexes, left out of the shadow and recorded in its plan, came back.
      expect(await indexNames(ctx())).toEqual(indexesBefore);
      expect(await shadowCheckpoint(ctx())).toBeNull();
    });

    it('resumes only a shadow of the same projections, over indexes already built; restart starts over', async () => {
      const { events, sql, schema, store } = ctx();
      await writeMixedHistory(events);
      await ctx().settle();
      const indexesBefore = await indexNames(ctx());
      const full = { store, sql, schema, projections: READ_MODEL_PROJECTIONS, batchSize: 5 };
      const users = { ...full, projections: [usersProjection] };
      const interruptedAfterOneBatch = async (options: RebuildOptions): Promise<RebuildStart[]> => {
        const starts: RebuildStart[] = [];
        const stop = new AbortController();
        const rebuild = options.projections === full.projections ? rebuildReadModels : rebuildProjections;
        const attempt = rebuild({
          ...options,
          signal: stop.signal,
          onStart: (start) => starts.push(start),
          onProgress: () => stop.abort(),
        });
        await expect(attempt).rejects.toThrow(/abort/i);
        return starts;
      };
      expect(await interruptedAfterOneBatch(users)).toEqual([{ resumedFrom: null }]);
      // A shadow of the users alone is no start for all the projections.
      expect(await interruptedAfterOneBatch(full)).toEqual([{ resumedFrom: null }]);
      const afterOneBatch = await shadowCheckpoint(ctx());
      // One deferred index already there, as if a run had been killed while building them.
      await sql.query(
        `CREATE INDEX users_status_idx ON ${quoteSchema(`${schema}_rebuild`)}.users (instance, status, id)`,
      );
      const resumed = await rebuildReadModels(full);
      expect(resumed).toMatchObject({ resumedFrom: afterOneBatch, eventsApplied: events.appended - 5 });
      expect(await indexNames(ctx())).toEqual(indexesBefore);

      expect(await interruptedAfterOneBatch(full)).toEqual([{ resumedFrom: null }]);
      const restarted = await rebuildReadModels({ ...full, restart: true });
      expect(restarted).toMatchObject({ resumedFrom: null, eventsApplied: events.appended });
      expect(
        (await verifyReadModels({ store, sql, schema, projections: READ_MODEL_PROJECTIONS })).differences,
      ).toEqual([]);
    });

    it('rebuilds some projections up to the live checkpoint and leaves it where it is', async () => {
      const { events, sql, schema, store } = ctx();
      await writeMixedHistory(events);
      const live = await ctx().settle();
      await live.stop();
      // The read models lag behind the log: the rebuilt table must join them at their position.
      await events.createUser('acme', 30, { username: 'later' });
      await ctx().untilVisible();
      const checkpoints = new CheckpointTable(schema);
      const before = await checkpoints.read(sql, DEFAULT_PROJECTOR_NAME);
      await sql.query(`UPDATE ${quoteSchema(schema)}.users SET full_name = 'tampered'`);

      const result = await rebuildProjections({ store, sql, schema, projections: [usersProjection] });
      expect(result.position).toEqual(before);
      expect(await checkpoints.read(sql, DEFAULT_PROJECTOR_NAME)).toEqual(before);
      expect((await ctx().users.get('acme', 2))?.fullName).toBeNull();
      expect(await ctx().users.get('acme', 30)).toBeNull();
      expect(
        (await verifyReadModels({ store, sql, schema, projections: READ_MODEL_PROJECTIONS })).differences,
      ).toEqual([]);
      // The live projector carries on over the rebuilt table and the others alike.
      const resumed = await ctx().startProjector();
      expect(await resumed.waitFor(events.lastPosition, 10_000)).toBe(true);
      expect((await ctx().users.get('acme', 30))?.username).toBe('later');
    });

    if (besideLiveProjector)
      it('rebuilds some projections beside a live projector and live writes', async () => {
        const { events, sql, schema, store } = ctx();
        const live = await ctx().startProjector({ batchSize: 2 });
        await writeMixedHistory(events);
        expect(await live.waitFor(events.lastPosition, 10_000)).toBe(true);
        await sql.query(`UPDATE ${quoteSchema(schema)}.users SET full_name = 'tampered'`);
        const writing = (async () => {
          for (let id = 1; id <= 30; id++) {
            await events.createUser('globex', id);
            await events.updateUser('globex', id, { fullName: `user ${id}` });
          }
        })();
        // One attempt: if the projector moved on, the swap catches up under its lock.
        const result = await rebuildProjections({
          store,
          sql,
          schema,
          projections: [usersProjection],
          batchSize: 4,
          swapAttempts: 1,
        });
        await writing;
        expect(await live.waitFor(events.lastPosition, 10_000)).toBe(true);
        expect(comparePositions(result.position, START)).toBeGreaterThan(0);
        expect((await ctx().users.get('acme', 2))?.fullName).toBeNull();
        expect((await ctx().users.list('globex', {}, firstPage(100))).map((user) => user.fullName)).toEqual(
          Array.from({ length: 30 }, (_, i) => `user ${i + 1}`),
        );
        expect(
          (await verifyReadModels({ store, sql, schema, projections: READ_MODEL_PROJECTIONS })).differences,
        ).toEqual([]);
      });
  });
}

/** The read-model indexes of the test's schema (the event store's tables left out). */
async function indexNames({ sql, schema }: ReadModelContext): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT indexname AS name FROM pg_indexes
      WHERE schemaname = $1 AND tablename = ANY (string_to_array($2, ',')) ORDER BY indexname`,
    [schema, READ_MODEL_TABLES.join(',')],
  );
  return rows.map((row) => row.name);
}

/** A copy of the test's read models in `{schema}_other`, to compare a rebuilt state with. */
async function copyOfReadModels({ sql, schema }: ReadModelContext): Promise<string> {
  const copy = `${schema}_other`;
  await migrateReadModels(sql, copy);
  for (const table of READ_MODEL_TABLES) {
    await sql.query(
      `INSERT INTO ${quoteSchema(copy)}.${table} SELECT * FROM ${quoteSchema(schema)}.${table}`,
    );
  }
  return copy;
}

/** The checkpoint of the test's rebuild shadow, or null when there is none. */
async function shadowCheckpoint({ sql, schema }: ReadModelContext): Promise<Position | null> {
  const shadow = `${schema}_rebuild`;
  const [found] = await sql.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [
    `${quoteSchema(shadow)}.projection_checkpoints`,
  ]);
  return found?.present ? new CheckpointTable(shadow).read(sql, DEFAULT_PROJECTOR_NAME) : null;
}
