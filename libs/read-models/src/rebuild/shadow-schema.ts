import { comparePositions, START, type Position, type SqlExecutor } from '#event-store';
import { CheckpointTable } from '../projector/checkpoints.js';
import { migrateReadModels, READ_MODEL_MIGRATIONS } from '../schema/read-model-migrations.js';
import { quoteSchema } from '../schema/schema-name.js';
import { dropSecondaryIndexes, type DeferredIndex } from './deferred-indexes.js';

/** What a rebuild builds in its shadow schema. */
export interface ShadowPlan {
  /** The shadow schema (`{schema}_rebuild`). */
  readonly schema: string;
  /** The names of the projections built in it. */
  readonly projections: readonly string[];
  /** The name of its checkpoint. */
  readonly name: string;
}

/** A prepared shadow schema: its tables and checkpoint move together, batch by batch. */
export interface ShadowBuild {
  readonly schema: string;
  /** Where the interrupted build it goes on with had got to; null when it starts from position 0. */
  readonly resumedFrom: Position | null;
  /** The secondary indexes to build once the bulk of the log is in. */
  readonly deferredIndexes: readonly DeferredIndex[];
}

interface PlanRow {
  readonly projections: readonly string[];
  readonly deferred_indexes: readonly DeferredIndex[];
  readonly version: number | null;
}

const LATEST_VERSION = READ_MODEL_MIGRATIONS.at(-1)!.version;
const sameNames = (a: readonly string[], b: readonly string[]): boolean =>
  JSON.stringify(a.toSorted()) === JSON.stringify(b.toSorted());

/**
 * The shadow an interrupted rebuild left, if it was fully prepared (its plan row is written last),
 * at the read models' current schema version and for the same projections; else null.
 */
export async function resumeShadow(sql: SqlExecutor, plan: ShadowPlan): Promise<ShadowBuild | null> {
  const s = quoteSchema(plan.schema);
  const [found] = await sql.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [
    `${s}.rebuild_plan`,
  ]);
  if (!found?.present) return null;
  const [row] = await sql.query<PlanRow>(
    `SELECT p.projections, p.deferred_indexes,
            (SELECT max(version) FROM ${s}.read_model_migrations) AS version
       FROM ${s}.rebuild_plan p`,
  );
  if (!row || row.version !== LATEST_VERSION || !sameNames(row.projections, plan.projections)) return null;
  const checkpoint = (await new CheckpointTable(plan.schema).read(sql, plan.name)) ?? START;
  return {
    schema: plan.schema,
    resumedFrom: comparePositions(checkpoint, START) > 0 ? checkpoint : null,
    deferredIndexes: row.deferred_indexes,
  };
}

/**
 * Drops whatever shadow there is and prepares a new one: the read models' tables without their
 * secondary indexes, a checkpoint at position 0 and the plan that lets a rerun resume it.
 */
export async function createShadow(sql: SqlExecutor, plan: ShadowPlan): Promise<ShadowBuild> {
  const s = quoteSchema(plan.schema);
  await sql.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await migrateReadModels(sql, plan.schema);
  const deferredIndexes = await sql.transaction(async (tx) => {
    const indexes = await dropSecondaryIndexes(tx, plan.schema);
    await new CheckpointTable(plan.schema).ensure(tx, plan.name);
    await tx.query(
      `CREATE TABLE ${s}.rebuild_plan (projections jsonb NOT NULL, deferred_indexes jsonb NOT NULL)`,
    );
    await tx.query(`INSERT INTO ${s}.rebuild_plan VALUES ($1::jsonb, $2::jsonb)`, [
      JSON.stringify(plan.projections),
      JSON.stringify(indexes),
    ]);
    return indexes;
  });
  return { schema: plan.schema, resumedFrom: null, deferredIndexes };
}
