import type { SqlExecutor } from '#event-store';

/** A secondary index left out of a bulk build, to be built once at its end. */
export interface DeferredIndex {
  readonly name: string;
  /** `CREATE INDEX …` as `pg_get_indexdef` gives it (schema-qualified). */
  readonly definition: string;
}

/**
 * Drops the secondary indexes of `schema`'s tables (not primary keys, not those behind unique
 * constraints) and returns them: a bulk build maintains only the keys its upserts need, and
 * `createIndexes` builds the rest once at the end, which is several times cheaper.
 */
export async function dropSecondaryIndexes(sql: SqlExecutor, schema: string): Promise<DeferredIndex[]> {
  const rows = await sql.query<DeferredIndex>(
    `SELECT ic.relname AS name, pg_get_indexdef(ix.indexrelid) AS definition
       FROM pg_index ix
       JOIN pg_class ic ON ic.oid = ix.indexrelid
       JOIN pg_class tc ON tc.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = tc.relnamespace
      WHERE n.nspname = $1 AND NOT ix.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
      ORDER BY ic.relname`,
    [schema],
  );
  for (const { name } of rows) await sql.query(`DROP INDEX "${schema}"."${name}"`);
  return rows.map(({ name, definition }) => ({ name, definition }));
}

/**
 * Builds the indexes `dropSecondaryIndexes` returned that `schema` lacks: a rebuild interrupted
 * while building them resumes with the rest.
 */
export async function createIndexes(
  sql: SqlExecutor,
  schema: string,
  indexes: readonly DeferredIndex[],
): Promise<void> {
  const rows = await sql.query<{ name: string }>(
    `SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1`,
    [schema],
  );
  const present = new Set(rows.map((row) => row.name));
  for (const index of indexes) if (!present.has(index.name)) await sql.query(index.definition);
}
