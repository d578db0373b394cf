import type { SqlExecutor, SqlStatement } from '#event-store';

/** One statement a batch of events writes, with its parameters. */
export interface SqlWrite {
  readonly statement: string | SqlStatement;
  readonly params?: readonly unknown[];
}

/** Runs the writes inside `tx`, one after another, in order. */
export async function runWrites(tx: SqlExecutor, writes: readonly SqlWrite[]): Promise<void> {
  for (const { statement, params } of writes) await tx.query(statement, params);
}
