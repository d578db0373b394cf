import { comparePositions, formatPosition, type Position, type SqlExecutor } from '#event-store';
import { CheckpointTable, DEFAULT_PROJECTOR_NAME } from '../projector/checkpoints.js';
import { analyzeReadModels } from '../schema/analyze.js';
import { migrateReadModels } from '../schema/read-model-migrations.js';
import { DEFAULT_READ_MODEL_SCHEMA, quoteSchema, scratchSchemaOf } from '../schema/schema-name.js';
import { buildReadModels, type BuildOptions } from './build-read-models.js';
import { createIndexes } from './deferred-indexes.js';
import { createShadow, resumeShadow, type ShadowBuild } from './shadow-schema.js';

export interface RebuildOptions extends Omit<BuildOptions, 'schema' | 'until'> {
  /** The live schema whose tables are replaced; default `roster`. */
  readonly schema?: string;
  /** How often the swap may find the live projector ahead before it acts on it; default 5. */
  readonly swapAttempts?: number;
  /** Start from position 0 even when an interrupted rebuild of the same projections could go on. */
  readonly restart?: boolean;
  /** Called once the shadow schema is ready, before the first event is applied. */
  readonly onStart?: (start: RebuildStart) => void;
}

export interface RebuildStart {
  /** The checkpoint of the interrupted rebuild this one goes on with; null when it starts from 0. */
  readonly resumedFrom: Position | null;
}

export interface RebuildResult extends RebuildStart {
  /** The checkpoint the rebuilt tables were swapped in at. */
  readonly position: Position;
  /** The events this run applied (an interrupted run's are not counted again). */
  readonly eventsApplied: number;
  readonly swapAttempts: number;
}

/** SQLSTATE of `lock_timeout`: the swap gave way to a reader rather than risk a deadlock. */
const LOCK_NOT_AVAILABLE = '55P03';
const DEFAULT_SWAP_ATTEMPTS = 5;

/**
 * Rebuilds the projections' tables from position 0 into `{schema}_rebuild` (secondary indexes
 * built once at the end), then swaps them into `schema` in one transaction. Live traffic keeps
 * reading the old tables until the swap. Each batch commits with the shadow's checkpoint, so an
 * interrupted rebuild (Ctrl-C, a kill, a crash) is resumed by the next one from where it stopped.
 *
 * The swap locks the live checkpoint first (as every projector batch does, so they never
 * deadlock). If a live projector got ahead meanwhile, it catches the new tables up and tries again;
 * after the last attempt it swaps anyway and sets the checkpoint to the rebuilt position: the live
 * projector's next batch then finds its checkpoint moved and re-applies the gap from there, so no
 * event is lost or applied twice (reads may briefly see that older state).
 */
export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildResult> {
  return rebuild(options, {
    target: async () => undefined,
    swap: async (tx, swap) => {
      const livePosition = await swap.live.lockAndRead(tx, swap.name);
      if (!swap.last && comparePositions(livePosition, swap.position) > 0) return null;
      await moveTables(tx, swap);
      await swap.live.save(tx, swap.name, swap.position);
      return swap.position;
    },
  });
}

/**
 * Rebuilds some of the projections that share the live checkpoint, leaving that checkpoint where
 * it is: the shadow is built up to the live checkpoint, and the swap, holding the checkpoint's
 * lock (a live projector waits), first catches the shadow up to it if the projector moved on. The
 * swapped-in tables are then at exactly the position of the tables beside them.
 *
 * The catch-up reads the log while the lock is held: on PGlite (one connection) that would wait
 * for itself, but there the CLI owns the store and no projector moves the checkpoint meanwhile.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  return rebuild(options, {
    target: (sql, live, name) => live.ensure(sql, name),
    swap: async (tx, swap, catchUp) => {
      const livePosition = await swap.live.lockAndRead(tx, swap.name);
      const behind = comparePositions(livePosition, swap.position);
      if (behind < 0) {
        throw new Error(
          `The live checkpoint (${formatPosition(livePosition)}) is behind the rebuilt tables ` +
            `(${formatPosition(swap.position)}): rebuild them again with restart`,
        );
      }
      if (behind > 0 && !swap.last) return null;
      const position = behind > 0 ? await catchUp(tx, livePosition) : swap.position;
      if (comparePositions(position, livePosition) !== 0) {
        throw new Error(`The log up to the live checkpoint ${formatPosition(livePosition)} is not readable`);
      }
      await moveTables(tx, swap);
      return position;
    },
  });
}

/** How a rebuild chooses the position to build to and swaps its tables in. */
interface RebuildMode {
  /** The position to build the shadow to; undefined: the head of the log. */
  target(sql: SqlExecutor, live: CheckpointTable, name: string): Promise<Position | undefined>;
  /**
   * Swaps in `tx` (the live checkpoint not yet locked); returns the position swapped in at, or null
   * to build on and try again. `catchUp` builds the shadow on to a position inside `tx`.
   */
  swap(
    tx: SqlExecutor,
    swap: Swap,
    catchUp: (tx: SqlExecutor, until: Position) => Promise<Position>,
  ): Promise<Position | null>;
}

interface Swap {
  readonly schema: string;
  readonly shadow: string;
  readonly tables: readonly string[];
  readonly name: string;
  /** Where the shadow is. */
  readonly position: Position;
  readonly live: CheckpointTable;
  /** The last attempt: the live projector ahead does not make it give up. */
  readonly last: boolean;
}

async function rebuild(options: RebuildOptions, mode: RebuildMode): Promise<RebuildResult> {
  const { sql } = options;
  const schema = options.schema ?? DEFAULT_READ_MODEL_SCHEMA;
  const name = options.name ?? DEFAULT_PROJECTOR_NAME;
  const attempts = options.swapAttempts ?? DEFAULT_SWAP_ATTEMPTS;
  const live = new CheckpointTable(schema);
  await migrateReadModels(sql, schema);
  await live.ensure(sql, name);
  const shadow = await openShadow(sql, options, scratchSchemaOf(schema, 'rebuild'), name);
  const { resumedFrom } = shadow;
  options.onStart?.({ resumedFrom });
  let eventsApplied = 0;
  let counted = 0;
  const onProgress: BuildOptions['onProgress'] = (progress) => {
    eventsApplied = counted + progress.eventsApplied;
    options.onProgress?.({ eventsApplied, position: progress.position });
  };
  const build = async (on: SqlExecutor, until: Position | undefined): Promise<Position> => {
    const position = await buildReadModels({
      ...options,
      sql: on,
      schema: shadow.schema,
      name,
      onProgress,
      ...(until && { until }),
    });
    counted = eventsApplied;
    return position;
  };
  const tables = [...new Set(options.projections.flatMap((projection) => projection.tables))];
  for (let attempt = 1; ; attempt++) {
    const position = await build(sql, await mode.target(sql, live, name));
    if (attempt === 1) await createIndexes(sql, shadow.schema, shadow.deferredIndexes);
    const last = attempt >= attempts;
    const swap: Swap = { schema, shadow: shadow.schema, tables, name, position, live, last };
    const swapped = await trySwap(sql, swap, (tx) => mode.swap(tx, swap, build));
    if (swapped) {
      // Fresh tables have no statistics until analyzed (never, on PGlite): sampled, so cheap.
      await analyzeReadModels(sql, schema, tables);
      return { position: swapped, eventsApplied, swapAttempts: attempt, resumedFrom };
    }
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
  }
}

function openShadow(
  sql: SqlExecutor,
  options: RebuildOptions,
  schema: string,
  name: string,
): Promise<ShadowBuild> {
  const plan = { schema, name, projections: options.projections.map((projection) => projection.name) };
  if (options.restart) return createShadow(sql, plan);
  return resumeShadow(sql, plan).then((found) => found ?? createShadow(sql, plan));
}

async function trySwap(
  sql: SqlExecutor,
  swap: Swap,
  work: (tx: SqlExecutor) => Promise<Position | null>,
): Promise<Position | null> {
  try {
    return await sql.transaction(work);
  } catch (error) {
    if (!swap.last && (error as { code?: unknown }).code === LOCK_NOT_AVAILABLE) return null;
    throw error;
  }
}

/**
 * Replaces the live tables by the shadow's and drops the shadow, all in `tx` (holding the live
 * checkpoint): a rebuild killed after the swap leaves no shadow that a rerun would take for an
 * interrupted one.
 */
async function moveTables(tx: SqlExecutor, swap: Swap): Promise<void> {
  // A reader holding one table while waiting for another could deadlock with the swap: the
  // swap gives up first and tries again.
  await tx.query(`SET LOCAL lock_timeout = '500ms'`);
  const target = quoteSchema(swap.schema);
  for (const table of swap.tables) {
    await tx.query(`DROP TABLE IF EXISTS ${target}.${table}`);
    await tx.query(`ALTER TABLE ${quoteSchema(swap.shadow)}.${table} SET SCHEMA ${target}`);
  }
  await tx.query(`DROP SCHEMA ${quoteSchema(swap.shadow)} CASCADE`);
}
