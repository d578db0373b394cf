import type { SqlStatement } from '#event-store';
import { namedStatement } from '../schema/named-statement.js';
import { quoteSchema } from '../schema/schema-name.js';
import type { SqlWrite } from './sql-write.js';

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
 * Set-based writes of one table: each method is one statement for any number of rows (none for no
 * rows). The rows go
 * as one JSON parameter (both drivers pass it alike) of positional arrays, `[[v1, v2, …], …]`:
 * without repeating the column names per row it is about half the bytes for the server to parse,
 * which is most of a bulk write's cost. This is what keeps a batch at a handful of round trips.
 */
export class TableWriter {
  readonly #shape: TableShape;
  readonly #columns: readonly string[];
  readonly #upsert: SqlStatement;
  readonly #patch: SqlStatement;
  readonly #delete: SqlStatement;

  constructor(schema: string, shape: TableShape) {
    this.#shape = shape;
    const table = `${quoteSchema(schema)}.${shape.table}`;
    const columns = Object.keys(shape.columns);
    this.#columns = columns;
    const others = columns.filter((column) => !shape.key.includes(column));
    const value = (alias: string, index: number, column: string): string =>
      fromJson(`${alias}->${index}`, `${alias}->>${index}`, shape.columns[column]!);
    const keyMatch = (alias: string): string =>
      shape.key.map((column, index) => `t.${column} = ${value(alias, index, column)}`).join(' AND ');
    this.#upsert = namedStatement(
      `${shape.table}_upsert`,
      `INSERT INTO ${table} AS t (${columns.join(', ')})
       SELECT ${columns.map((column, index) => value('r', index, column)).join(', ')}
         FROM jsonb_array_elements($1::jsonb) AS r
       ON CONFLICT (${shape.key.join(', ')}) DO UPDATE SET
       ${others.map((column) => `${column} = excluded.${column}`).join(', ')}`,
    );
    // Each patch is [key values…, {column: value}]; columns it does not name keep their value.
    const patch = `p->${shape.key.length}`;
    this.#patch = namedStatement(
      `${shape.table}_patch`,
      `UPDATE ${table} AS t SET
       ${others
         .map((column) => {
           const type = shape.columns[column]!;
           return `${column} = CASE WHEN ${patch} ? '${column}' THEN ${fromJson(`${patch}->'${column}'`, `${patch}->>'${column}'`, type)} ELSE t.${column} END`;
         })
         .join(',\n       ')}
       FROM jsonb_array_elements($1::jsonb) AS p
       WHERE ${keyMatch('p')}`,
    );
    this.#delete = namedStatement(
      `${shape.table}_delete`,
      `DELETE FROM ${table} AS t USING jsonb_array_elements($1::jsonb) AS k WHERE ${keyMatch('k')}`,
    );
  }

  get shape(): TableShape {
    return this.#shape;
  }

  /** Inserts the rows, or overwrites every non-key column of the rows that exist. Keys must be unique. */
  upsert(rows: readonly ColumnValues[]): SqlWrite[] {
    if (rows.length === 0) return [];
    const values = rows.map((row) => this.#columns.map((column) => row[column] ?? null));
    return [{ statement: this.#upsert, params: [JSON.stringify(values)] }];
  }

  /** Sets the patched columns of the rows that exist; missing rows are left missing. */
  patch(patches: readonly RowPatch[]): SqlWrite[] {
    if (patches.length === 0) return [];
    const values = patches.map(({ key, patch }) => [...this.#keyValues(key), patch]);
    return [{ statement: this.#patch, params: [JSON.stringify(values)] }];
  }

  delete(keys: readonly ColumnValues[]): SqlWrite[] {
    if (keys.length === 0) return [];
    return [{ statement: this.#delete, params: [JSON.stringify(keys.map((key) => this.#keyValues(key)))] }];
  }

  #keyValues(key: ColumnValues): unknown[] {
    return this.#shape.key.map((column) => key[column]);
  }
}

/** A JSON element as a column value: `json` is the jsonb expression, `text` its text form. */
function fromJson(json: string, text: string, type: ColumnType): string {
  // A JSON null must become SQL NULL (`->>` already gives NULL for it).
  if (type === 'jsonb') return `nullif(${json}, 'null'::jsonb)`;
  if (type === 'text') return text;
  return `(${text})::${type}`;
}
