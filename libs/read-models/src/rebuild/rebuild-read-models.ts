import { comparePositions, type Position, type SqlExecutor } from '#event-store';
import { CheckpointTable, DEFAULT_PROJECTOR_NAME } from '../projector/checkpoints.js';
import { analyzeReadModels } from '../schema/analyze.js';
import { migrateReadModels } from '../schema/read-model-migrations.js';
import { DEFAULT_READ_MODEL_SCHEMA, quoteSchema, scratchSchemaOf } from '../schema/schema-name.js';
import { buildReadModels, type BuildOptions } from './build-read-models.js';
import { createIndexes, dropSecondaryIndexes } from './deferred-indexes.js';

export interface RebuildOptions extends Omit<BuildOptions, 'schema' | 'until'> {
  /** The live schema whose tables are replaced; default `roster`. */
  readonly schema?: string;
  /** How often the swap may find the live projector ahead before it accepts it; default 5. */
  readonly swapAttempts?: number;
}

export interface RebuildResult {
  /** The checkpoint the rebuilt tables were swapped in at. */
  readonly position: Position;
  readonly eventsApplied: number;
  readonly swapAttempts: number;
}

/** SQLSTATE of `lock_timeout`: the swap gave way to a reader rather than risk a deadlock. */
const LOCK_NOT_AVAILABLE = '55P03';
const DEFAULT_SWAP_ATTEMPTS = 5;

/**
 * Rebuilds the projections' tables from position 0 into `{schema}_rebuild` (secondary indexes
 * built once at the end), then swaps them into `schema` in one transaction. Live traffic keeps
 * reading the old tables until the swap.
 *
 * The swap locks the live checkpoint first (as every projector batch does, so they never
 * deadlock). If a live projector got ahead meanwhile, it catches the new tables up and tries again;
 * after the last attempt it swaps anyway and sets the checkpoint to the rebuilt position: the live
 * projector's next batch then finds its checkpoint moved and re-applies the gap from there, so no
 * event is lost or applied twice (reads may briefly see that older state).
 */
export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildResult> {
  const { sql } = options;
  const schema = options.schema ?? DEFAULT_READ_MODEL_SCHEMA;
  const name = options.name ?? DEFAULT_PROJECTOR_NAME;
  const shadow = scratchSchemaOf(schema, 'rebuild');
  const attempts = options.swapAttempts ?? DEFAULT_SWAP_ATTEMPTS;
  const live = new CheckpointTable(schema);
  await migrateReadModels(sql, schema);
  await live.ensure(sql, name);
  await sql.query(`DROP SCHEMA IF EXISTS ${quoteSchema(shadow)} CASCADE`);
  await migrateReadModels(sql, shadow);
  const deferredIndexes = await dropSecondaryIndexes(sql, shadow);
  let eventsApplied = 0;
  let counted = 0;
  const onProgress: BuildOptions['onProgress'] = (progress) => {
    eventsApplied = counted + progress.eventsApplied;
    options.onProgress?.({ eventsApplied, position: progress.position });
  };
  const tables = [...new Set(options.projections.flatMap((projection) => projection.tables))];
  for (let attempt = 1; ; attempt++) {
    const position = await buildReadModels({ ...options, schema: shadow, name, onProgress });
    counted = eventsApplied;
    if (attempt === 1) await createIndexes(sql, deferredIndexes);
    const last = attempt >= attempts;
    const swapped = await trySwap(sql, { schema, shadow, tables, name, position, live, last });
    if (swapped) {
      await sql.query(`DROP SCHEMA IF EXISTS ${quoteSchema(shadow)} CASCADE`);
      // Fresh tables have no statistics until analyzed (never, on PGlite): sampled, so cheap.
      await analyzeReadModels(sql, schema, tables);
      return { position, eventsApplied, swapAttempts: attempt };
    }
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
  }
}

interface Swap {
  readonly schema: string;
  readonly shadow: string;
  readonly tables: readonly string[];
  readonly name: string;
  readonly position: Position;
  readonly live: CheckpointTable;
  /** The last attempt: swap even if the live projector is ahead. */
  readonly last: boolean;
}

async function trySwap(sql: SqlExecutor, swap: Swap): Promise<boolean> {
  try {
    return await sql.transaction(async (tx) => {
      const livePosition = await swap.live.lockAndRead(tx, swap.name);
      if (!swap.last && comparePositions(livePosition, swap.position) > 0) return false;
      // A reader holding one table while waiting for another could deadlock with the swap: the
      // swap gives up first and tries again.
      await tx.query(`SET LOCAL lock_timeout = '500ms'`);
      const target = quoteSchema(swap.schema);
      for (const table of swap.tables) {
        await tx.query(`DROP TABLE IF EXISTS ${target}.${table}`);
        await tx.query(`ALTER TABLE ${quoteSchema(swap.shadow)}.${table} SET SCHEMA ${target}`);
      }
      await swap.live.save(tx, swap.name, swap.position);
      return true;
    });
  } catch (error) {
    if (!swap.last && (error as { code?: unknown }).code === LOCK_NOT_AVAILABLE) return false;
    throw error;
  }
}
