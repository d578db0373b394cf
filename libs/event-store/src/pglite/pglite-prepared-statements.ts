import { parse, protocol, type messages, type PGlite } from '@electric-sql/pglite';
import type { SqlStatement } from '../sql/sql-executor.js';

interface Prepared {
  readonly id: string;
  readonly text: string;
  readonly paramTypes: readonly number[];
  /** What the statement returns (none for a write without RETURNING): Execute does not resend it. */
  readonly rowDescription: messages.BackendMessage | undefined;
}

/** Errors after which a prepared statement is parsed again and the call retried: it never ran. */
const REPARSE = new Set([
  '26000', // invalid_sql_statement_name: the session lost it
  '0A000', // feature_not_supported: "cached plan must not change result type" (a table changed shape)
]);

/**
 * Named statements as server-side prepared statements on one PGlite. `PGlite.query` parses,
 * describes and plans its text on every call, in five trips into the engine; a statement parsed once
 * is bound and executed in one trip with its plan cached: measured 358 → 123 µs for a primary-key
 * lookup. Ids are short and our own (`s1`, `s2`…): the server cuts names at 63 bytes, and ours carry
 * a schema name.
 */
export class PglitePreparedStatements {
  readonly #prepared = new Map<string, Prepared>();

  constructor(private readonly pglite: PGlite) {}

  /**
   * Runs `statement`; `inTransaction` when called inside `pglite.transaction`, whose lock is then
   * held already (outside one, the call takes it, as `PGlite.query` does).
   */
  run(statement: SqlStatement, params: readonly unknown[], inTransaction: boolean): Promise<object[]> {
    // PGlite's own query and transaction locks, declared on its interface: the ones PGlite.query takes.
    // oxlint-disable-next-line no-underscore-dangle
    const run = () => this.pglite._runExclusiveQuery(() => this.#execute(statement, params, !inTransaction));
    // oxlint-disable-next-line no-underscore-dangle
    return inTransaction ? run() : this.pglite._runExclusiveTransaction(run);
  }

  async #execute(statement: SqlStatement, params: readonly unknown[], syncToFs: boolean): Promise<object[]> {
    let prepared = this.#prepared.get(statement.name) ?? (await this.#prepare(statement));
    try {
      return await this.#bindAndExecute(prepared, params, syncToFs);
    } catch (error) {
      if (!REPARSE.has((error as { code?: string }).code ?? '')) throw error;
      prepared = await this.#prepare(statement, prepared.id);
      return this.#bindAndExecute(prepared, params, syncToFs);
    }
  }

  async #prepare({ name, text }: SqlStatement, id = `s${this.#prepared.size + 1}`): Promise<Prepared> {
    const known = this.#prepared.get(name);
    if (known && known.text !== text) throw new Error(`statement name ${name} is used for two texts`);
    const { serialize } = protocol;
    const described = await this.pglite.execProtocol(
      concat([
        ...(known ? [serialize.close({ type: 'S', name: id })] : []),
        serialize.parse({ name: id, text }),
        serialize.describe({ type: 'S', name: id }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const prepared: Prepared = {
      id,
      text,
      paramTypes: parse.parseDescribeStatementResults(described.messages),
      rowDescription: described.messages.find((message) => message.name === 'rowDescription'),
    };
    this.#prepared.set(name, prepared);
    return prepared;
  }

  async #bindAndExecute(
    prepared: Prepared,
    params: readonly unknown[],
    syncToFs: boolean,
  ): Promise<object[]> {
    const { serialize } = protocol;
    // The same serialisation `PGlite.query` applies, by the parameter types the server inferred.
    const values = params.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serializer = this.pglite.serializers[prepared.paramTypes[index]!];
      return serializer ? serializer(value) : String(value);
    });
    const executed = await this.pglite.execProtocol(
      concat([serialize.bind({ statement: prepared.id, values }), serialize.execute({}), serialize.sync()]),
      { syncToFs },
    );
    const results = prepared.rowDescription
      ? [prepared.rowDescription, ...executed.messages]
      : executed.messages;
    return parse.parseResults(results, this.pglite.parsers)[0]?.rows ?? [];
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}
