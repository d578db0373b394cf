import type { SqlExecutor } from '#event-store';

/**
 * Drops the secondary indexes of `schema`'s tables (not primary keys, not those behind unique
 * constraints) and returns their definitions: a bulk build maintains only the keys its upserts
 * need, and `createIndexes` builds the rest once at the end, which is several times cheaper.
 */
export async function dropSecondaryIndexes(sql: SqlExecutor, schema: string): Promise<string[]> {
  const rows = await sql.query<{ name: string; definition: string }>(
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
  return rows.map((row) => row.definition);
}

/** Runs index definitions as `dropSecondaryIndexes` returned them. */
export async function createIndexes(sql: SqlExecutor, definitions: readonly string[]): Promise<void> {
  for (const definition of definitions) await sql.query(definition);
}
