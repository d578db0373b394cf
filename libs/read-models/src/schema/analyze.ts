import type { SqlExecutor } from '#event-store';
import { quoteSchema } from './schema-name.js';

/**
 * Refreshes the planner's statistics of `tables` in `schema` (one `ANALYZE`, sampled, so bounded
 * however big they are). PGlite has no autovacuum: without this its planner keeps believing the
 * tables are as small as when they were created and picks scans over the indexes.
 */
export async function analyzeReadModels(
  sql: SqlExecutor,
  schema: string,
  tables: readonly string[],
): Promise<void> {
  if (tables.length === 0) return;
  const s = quoteSchema(schema);
  await sql.query(`ANALYZE ${[...new Set(tables)].map((table) => `${s}.${table}`).join(', ')}`);
}
