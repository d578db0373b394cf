import type { Pool, PoolClient, QueryConfig } from 'pg';
import type { SqlExecutor, SqlStatement } from '../sql/sql-executor.js';

/** A `SqlExecutor` over a pg Pool: each query on any free connection, a transaction on one. */
export function poolExecutor(pool: Pool): SqlExecutor {
  return {
    query: async <Row extends object>(statement: string | SqlStatement, params: readonly unknown[] = []) =>
      (await pool.query<Row & Record<string, unknown>>(queryConfig(statement, params))).rows,
    transaction: async (work) => {
      const client = await pool.connect();
      let failure: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(clientExecutor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        // A connection whose ROLLBACK may have failed is not handed to the next caller.
        client.release(failure);
      }
    },
  };
}

function clientExecutor(client: PoolClient): SqlExecutor {
  const executor: SqlExecutor = {
    query: async <Row extends object>(statement: string | SqlStatement, params: readonly unknown[] = []) =>
      (await client.query<Row & Record<string, unknown>>(queryConfig(statement, params))).rows,
    transaction: (work) => work(executor),
  };
  return executor;
}

function queryConfig(statement: string | SqlStatement, params: readonly unknown[]): QueryConfig {
  const values = [...params];
  return typeof statement === 'string' ? { text: statement, values } : { ...statement, values };
}
