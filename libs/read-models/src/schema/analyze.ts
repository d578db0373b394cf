import type { SqlExecutor } from '#event-store';
import { quoteSchema } from './schema-name.js';

/**
 * A sample of 3,000 rows per table: enough for the tables' sizes and selectivities, and short
 * enough to run between batches.
 */
export const QUICK_STATISTICS_TARGET = 10;

/**
 * Refreshes the planner's statistics of `tables` in `schema`. PGlite has no autovacuum: without
 * this its planner keeps believing the tables are as small as when they were created and picks
 * scans over the indexes. One `ANALYZE` per table, so other queries run between them (on PGlite
 * each one stalls the process); `statisticsTarget` (default: the server's, 100, a sample of
 * 30,000 rows per table) bounds the sample at 300 × it rows, however big the tables grow.
 */
export async function analyzeReadModels(
  sql: SqlExecutor,
  schema: string,
  tables: readonly string[],
  statisticsTarget?: number,
): Promise<void> {
  const s = quoteSchema(schema);
  for (const table of new Set(tables)) {
    if (statisticsTarget === undefined) {
      await sql.query(`ANALYZE ${s}.${table}`);
      continue;
    }
    await sql.transaction(async (tx) => {
      await tx.query(`SET LOCAL default_statistics_target = ${Math.trunc(statisticsTarget)}`);
      await tx.query(`ANALYZE ${s}.${table}`);
    });
  }
}
