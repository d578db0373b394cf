import type { SqlExecutor } from '#event-store';
import { DEFAULT_READ_MODEL_SCHEMA, quoteSchema } from '../schema/schema-name.js';
import type { ProfileFieldRow } from './rows.js';
import { StatementCache } from './statement-cache.js';

/** The custom profile keys of an instance: the schema of `GET {i}/classes/user_profile/`. */
export class ProfileFieldRepository {
  readonly #s: string;
  readonly #statements = new StatementCache('profile_fields');

  constructor(
    private readonly sql: SqlExecutor,
    schema: string = DEFAULT_READ_MODEL_SCHEMA,
  ) {
    this.#s = quoteSchema(schema);
  }

  /** Every key used in the instance's profiles with its latest JSON type, by key. */
  async list(instance: string): Promise<ProfileFieldRow[]> {
    const statement = this.#statements.get(
      'list',
      () => `SELECT key, type FROM ${this.#s}.profile_fields WHERE instance = $1 ORDER BY key`,
    );
    return this.sql.query<ProfileFieldRow>(statement, [instance]);
  }
}
