import type { SqlStatement } from '#event-store';
import { namedStatement } from '../schema/named-statement.js';

/** Named statements built on first use, one per query variant (each variant has its own plan). */
export class StatementCache {
  readonly #statements = new Map<string, SqlStatement>();

  constructor(private readonly prefix: string) {}

  get(variant: string, build: () => string): SqlStatement {
    let statement = this.#statements.get(variant);
    if (!statement) {
      statement = namedStatement(`${this.prefix}_${variant}`, build());
      this.#statements.set(variant, statement);
    }
    return statement;
  }
}
