import { comparePositions, type Position } from '#event-store';
import { CheckpointTable, DEFAULT_PROJECTOR_NAME } from '../projector/checkpoints.js';
import { migrateReadModels } from '../schema/read-model-migrations.js';
import { DEFAULT_READ_MODEL_SCHEMA, quoteSchema, scratchSchemaOf } from '../schema/schema-name.js';
import { buildReadModels, type BuildOptions } from './build-read-models.js';
import { compareReadModels, type TableDifference } from './compare-read-models.js';
import { dropSecondaryIndexes } from './deferred-indexes.js';

export interface VerifyOptions extends Omit<BuildOptions, 'schema' | 'until'> {
  /** The live schema to check; default `roster`. */
  readonly schema?: string;
}

export interface VerifyResult {
  /** The checkpoint both states were compared at. */
  readonly position: Position;
  /** Empty when the live read models equal a fresh build from position 0. */
  readonly differences: readonly TableDifference[];
}

const MAX_ROUNDS = 10;

/**
 * Builds the projections from position 0 into `{schema}_verify` up to the live checkpoint and
 * compares the tables (an audit `verify`). The comparison runs while holding the live checkpoint,
 * so a running projector waits and both sides are at the same position; the scratch schema is
 * dropped afterwards.
 */
export async function verifyReadModels(options: VerifyOptions): Promise<VerifyResult> {
  const { sql } = options;
  const schema = options.schema ?? DEFAULT_READ_MODEL_SCHEMA;
  const name = options.name ?? DEFAULT_PROJECTOR_NAME;
  const scratch = scratchSchemaOf(schema, 'verify');
  const live = new CheckpointTable(schema);
  const tables = [...new Set(options.projections.flatMap((projection) => projection.tables))];
  await sql.query(`DROP SCHEMA IF EXISTS ${quoteSchema(scratch)} CASCADE`);
  await migrateReadModels(sql, scratch);
  // The comparison scans whole tables: the scratch copy needs no secondary index.
  await dropSecondaryIndexes(sql, scratch);
  try {
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const until = (await live.read(sql, name)) ?? (await live.ensure(sql, name));
      const built = await buildReadModels({ ...options, schema: scratch, name, until });
      const result = await sql.transaction(async (tx) => {
        const position = await live.lockAndRead(tx, name);
        if (comparePositions(position, built) !== 0) return null;
        return { position, differences: await compareReadModels(tx, schema, scratch, tables) };
      });
      if (result) return result;
      // Readers of the log may be held back (an older open transaction): give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 20 * round));
    }
    throw new Error(`The live projector kept moving: no common position after ${MAX_ROUNDS} rounds`);
  } finally {
    await sql.query(`DROP SCHEMA IF EXISTS ${quoteSchema(scratch)} CASCADE`);
  }
}
