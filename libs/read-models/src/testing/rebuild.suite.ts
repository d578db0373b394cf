import { comparePositions } from '#event-store';
import { READ_MODEL_PROJECTIONS, READ_MODEL_TABLES } from '../projections/read-model-projections.js';
import { migrateReadModels } from '../schema/read-model-migrations.js';
import { quoteSchema } from '../schema/schema-name.js';
import { buildReadModels, type BuildProgress } from '../rebuild/build-read-models.js';
import { compareReadModels } from '../rebuild/compare-read-models.js';
import { rebuildReadModels } from '../rebuild/rebuild-read-models.js';
import { verifyReadModels } from '../rebuild/verify-read-models.js';
import { countedEvents, countingProjection } from './counting-projection.js';
import { writeMixedHistory } from './projector.suite.js';
import { firstPage, type ReadModelContext } from './read-model-context.js';

/** Rebuild from position 0 with a swap, and comparison of two states. */
export function describeRebuild(ctx: () => ReadModelContext): void {
  describe('rebuild', () => {
    it('a projection dropped and rebuilt from position 0 equals the incremental one', async () => {
      const { events, sql, schema, store, users } = ctx();
      const live = await ctx().startProjector({ batchSize: 3 });
      await writeMixedHistory(events);
      expect(await live.waitFor(events.lastPosition, 10_000)).toBe(true);
      // Keep a copy of the incremental state to compare the rebuilt one with.
      const incremental = `${schema}_other`;
      await migrateReadModels(sql, incremental);
      for (const table of READ_MODEL_TABLES) {
        await sql.query(
          `INSERT INTO ${quoteSchema(incremental)}.${table} SELECT * FROM ${quoteSchema(schema)}.${table}`,
        );
      }
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
