import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlExecutor, SqlStatement } from '../sql/sql-executor.js';
import { PglitePreparedStatements } from './pglite-prepared-statements.js';

// One cache per engine: every executor over a PGlite shares its one session.
const preparedByEngine = new WeakMap<PGlite, PglitePreparedStatements>();

/** A `SqlExecutor` over one PGlite instance: named statements run prepared, text as is. */
export function pgliteExecutor(pglite: PGlite): SqlExecutor {
  let prepared = preparedByEngine.get(pglite);
  if (!prepared) {
    prepared = new PglitePreparedStatements(pglite);
    preparedByEngine.set(pglite, prepared);
  }
  const statements = prepared;
  return {
    query: async <Row extends object>(statement: string | SqlStatement, params: readonly unknown[] = []) =>
      typeof statement === 'string'
        ? (await pglite.query<Row>(statement, [...params])).rows
        : ((await statements.run(statement, params, false)) as Row[]),
    transaction: (work) => pglite.transaction((tx) => work(transactionExecutor(tx, statements))),
  };
}

function transactionExecutor(tx: Transaction, statements: PglitePreparedStatements): SqlExecutor {
  const executor: SqlExecutor = {
    query: async <Row extends object>(statement: string | SqlStatement, params: readonly unknown[] = []) =>
      typeof statement === 'string'
        ? (await tx.query<Row>(statement, [...params])).rows
        : ((await statements.run(statement, params, true)) as Row[]),
    transaction: (work) => work(executor),
  };
  return executor;
}
