/**
 * A named statement: adapters that support server-side prepared statements (pg) parse it once per
 * connection; others run its text as is. Names must be unique per text.
 */
export interface SqlStatement {
  readonly name: string;
  readonly text: string;
}

/**
 * The seam between the shared SQL and a driver: the event store's SQL runs through it, and read
 * models that live in the same database can reuse it. Parameters are strings, numbers, booleans or
 * null; bigints are passed as strings and cast in SQL so both drivers see the same text.
 */
export interface SqlExecutor {
  query<Row extends object>(statement: string | SqlStatement, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs `work` in one transaction; a nested call joins the outer transaction. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}
