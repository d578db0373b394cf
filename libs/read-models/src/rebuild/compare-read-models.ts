import type { SqlExecutor } from '#event-store';
import { quoteSchema } from '../schema/schema-name.js';

/** How one table differs between two schemas (rows compared whole, as multisets). */
export interface TableDifference {
  readonly table: string;
  /** Rows of the first schema's table that the second lacks, and the other way round. */
  readonly onlyInFirst: number;
  readonly onlyInSecond: number;
  /** A few of those rows, as JSON objects, to show what differs. */
  readonly samplesOnlyInFirst: readonly Record<string, unknown>[];
  readonly samplesOnlyInSecond: readonly Record<string, unknown>[];
}

const SAMPLE_SIZE = 5;
const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Compares the tables of two read-model schemas row by row (columns of the first schema's table,
 * in its order); returns one entry per table that differs, so equal states give `[]`.
 */
export async function compareReadModels(
  sql: SqlExecutor,
  first: string,
  second: string,
  tables: readonly string[],
): Promise<TableDifference[]> {
  const differences: TableDifference[] = [];
  for (const table of tables) {
    const difference = await compareTable(sql, first, second, table);
    if (difference) differences.push(difference);
  }
  return differences;
}

async function compareTable(
  sql: SqlExecutor,
  first: string,
  second: string,
  table: string,
): Promise<TableDifference | null> {
  if (!TABLE_NAME.test(table)) throw new RangeError(`Not a table name: "${table}"`);
  const columnRows = await sql.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [first, table],
  );
  if (columnRows.length === 0) throw new Error(`No table ${first}.${table}`);
  const columns = columnRows.map((row) => `"${row.column_name}"`).join(', ');
  const select = (schema: string): string => `SELECT ${columns} FROM ${quoteSchema(schema)}.${table}`;
  const except = (a: string, b: string): string => `${select(a)} EXCEPT ALL ${select(b)}`;
  const count = async (a: string, b: string): Promise<number> => {
    const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${except(a, b)}) d`);
    return row?.n ?? 0;
  };
  const samples = async (a: string, b: string): Promise<Record<string, unknown>[]> => {
    const rows = await sql.query<{ row: Record<string, unknown> }>(
      `SELECT to_jsonb(d) AS row FROM (${except(a, b)}) d LIMIT ${SAMPLE_SIZE}`,
    );
    return rows.map((row) => row.row);
  };
  const onlyInFirst = await count(first, second);
  const onlyInSecond = await count(second, first);
  if (onlyInFirst === 0 && onlyInSecond === 0) return null;
  return {
    table,
    onlyInFirst,
    onlyInSecond,
    samplesOnlyInFirst: await samples(first, second),
    samplesOnlyInSecond: await samples(second, first),
  };
}
