import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlExecutor, SqlStatement } from '../sql/sql-executor.js';

/** A `SqlExecutor` over one PGlite instance; statement names are ignored (PGlite has one session). */
export function pgliteExecutor(pglite: PGlite): SqlExecutor {
  return {
    query: async <Row extends object>(statement: string | SqlStatement, params: readonly unknown[] = []) =>
      (await pglite.query<Row>(textOf(statement), [...params])).rows,
    transaction: (work) => pglite.transaction((tx) => work(transactionExecutor(tx))),
  };
}

function transactionExecutor(tx: Transaction): SqlExecutor {
  const executor: SqlExecutor = {
    query: async <Row extends object>(statement: string | SqlStatement, params: readonly unknown[] = []) =>
      (await tx.query<Row>(textOf(statement), [...params])).rows,
    transaction: (work) => work(executor),
  };
  return executor;
}

function textOf(statement: string | SqlStatement): string {
  return typeof statement === 'string' ? statement : statement.text;
}
