import type { SqlExecutor } from '#event-store';
import { DEFAULT_READ_MODEL_SCHEMA, quoteSchema } from '../schema/schema-name.js';
import { keyset, type PageRequest } from './page.js';
import { instanceColumns, type InstanceRow } from './rows.js';
import { StatementCache } from './statement-cache.js';

/** Instances that exist (a deleted instance is as good as unknown: 404). */
export class InstanceRepository {
  readonly #s: string;
  readonly #statements = new StatementCache('instances');

  constructor(
    private readonly sql: SqlExecutor,
    schema: string = DEFAULT_READ_MODEL_SCHEMA,
  ) {
    this.#s = quoteSchema(schema);
  }

  /** A page of live instances by id (up to `pageSize + 1` rows). */
  async list(page: PageRequest): Promise<InstanceRow[]> {
    const k = keyset('i.id', page, 1);
    const statement = this.#statements.get(
      `list_${k.variant}`,
      () =>
        `SELECT ${instanceColumns('i')} FROM ${this.#s}.instances i
        WHERE i.deleted_at IS NULL ${k.after} ${k.orderBy} LIMIT ${k.limit}`,
    );
    return this.sql.query<InstanceRow>(statement, k.params);
  }

  /** The live instance with this name, or null. */
  async findByName(name: string): Promise<InstanceRow | null> {
    const statement = this.#statements.get(
      'by_name',
      () =>
        `SELECT ${instanceColumns('i')} FROM ${this.#s}.instances i WHERE i.name = $1 AND i.deleted_at IS NULL`,
    );
    const [row] = await this.sql.query<InstanceRow>(statement, [name]);
    return row ?? null;
  }

  async exists(name: string): Promise<boolean> {
    return (await this.findByName(name)) !== null;
  }
}
