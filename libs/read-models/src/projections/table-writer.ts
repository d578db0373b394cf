import type { SqlExecutor, SqlStatement } from '#event-store';
import { namedStatement } from '../schema/named-statement.js';
import { quoteSchema } from '../schema/schema-name.js';

export type ColumnType = 'text' | 'integer' | 'boolean' | 'jsonb' | 'timestamptz';

/** A table as its writer sees it: the key columns and every column's type (keys included). */
export interface TableShape {
  readonly table: string;
  readonly key: readonly string[];
  readonly columns: Readonly<Record<string, ColumnType>>;
}

/** A row or a part of one, snake_case column → JSON value (times as RFC 3339 text). */
export type ColumnValues = Readonly<Record<string, unknown>>;

/** A partial update of the row with these key values: only the columns present in `patch` change. */
export interface RowPatch {
  readonly key: ColumnValues;
  readonly patch: ColumnValues;
}

/**
 * Set-based writes of one table: each method is one statement for any number of rows, the rows
 * passed as one JSON parameter (read with `jsonb_to_recordset`, which both drivers pass alike).
 * This is what keeps a 500-event batch at a handful of round trips.
 */
export class TableWriter {
  readonly #shape: TableShape;
  readonly #upsert: SqlStatement;
  readonly #patch: SqlStatement;
  readonly #delete: SqlStatement;

  constructor(schema: string, shape: TableShape) {
    this.#shape = shape;
    const table = `${quoteSchema(schema)}.${shape.table}`;
    const columns = Object.keys(shape.columns);
    const others = columns.filter((column) => !shape.key.includes(column));
    const recordset = (names: readonly string[], alias: string, extra = ''): string =>
      `jsonb_to_recordset($1::jsonb) AS ${alias}(${names.map((c) => `${c} ${shape.columns[c]}`).join(', ')}${extra})`;
    const keyMatch = (alias: string): string => shape.key.map((c) => `t.${c} = ${alias}.${c}`).join(' AND ');
    this.#upsert = namedStatement(
      `${shape.table}_upsert`,
      `INSERT INTO ${table} AS t (${columns.join(', ')})
             SELECT ${columns.join(', ')} FROM ${recordset(columns, 'r')}
             ON CONFLICT (${shape.key.join(', ')}) DO UPDATE SET
             ${others.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    );
    this.#patch = namedStatement(
      `${shape.table}_patch`,
      `UPDATE ${table} AS t SET
             ${others.map((c) => `${c} = CASE WHEN p.patch ? '${c}' THEN ${patchValue(c, shape.columns[c]!)} ELSE t.${c} END`).join(',\n             ')}
             FROM ${recordset(shape.key, 'p', ', patch jsonb')}
             WHERE ${keyMatch('p')}`,
    );
    this.#delete = namedStatement(
      `${shape.table}_delete`,
      `DELETE FROM ${table} AS t USING ${recordset(shape.key, 'k')} WHERE ${keyMatch('k')}`,
    );
  }

  get shape(): TableShape {
    return this.#shape;
  }

  /** Inserts the rows, or overwrites every non-key column of the rows that exist. Keys must be unique. */
  async upsert(tx: SqlExecutor, rows: readonly ColumnValues[]): Promise<void> {
    if (rows.length > 0) await tx.query(this.#upsert, [JSON.stringify(rows)]);
  }

  /** Sets the patched columns of the rows that exist; missing rows are left missing. */
  async patch(tx: SqlExecutor, patches: readonly RowPatch[]): Promise<void> {
    if (patches.length === 0) return;
    const records = patches.map(({ key, patch }) => ({ ...key, patch }));
    await tx.query(this.#patch, [JSON.stringify(records)]);
  }

  async delete(tx: SqlExecutor, keys: readonly ColumnValues[]): Promise<void> {
    if (keys.length > 0) await tx.query(this.#delete, [JSON.stringify(keys)]);
  }
}

function patchValue(column: string, type: ColumnType): string {
  // A JSON null must become SQL NULL, as jsonb_to_recordset makes it on insert.
  if (type === 'jsonb') return `nullif(p.patch->'${column}', 'null'::jsonb)`;
  if (type === 'text') return `p.patch->>'${column}'`;
  return `(p.patch->>'${column}')::${type}`;
}
