import type { SqlExecutor } from '#event-store';
import { DEFAULT_READ_MODEL_SCHEMA, quoteSchema } from '../schema/schema-name.js';
import { keyset, type PageRequest } from './page.js';
import { apiKeyColumns, type ApiKeyRecord, type ApiKeyRow } from './rows.js';
import { StatementCache } from './statement-cache.js';

/** Account and API keys by SHA-256 digest (authentication), and an instance's API keys (no digests). */
export class KeyRepository {
  readonly #s: string;
  readonly #statements = new StatementCache('keys');

  constructor(
    private readonly sql: SqlExecutor,
    schema: string = DEFAULT_READ_MODEL_SCHEMA,
  ) {
    this.#s = quoteSchema(schema);
  }

  /** The id of the live account key with this digest, or null. */
  async accountKeyId(digest: string): Promise<number | null> {
    const statement = this.#statements.get(
      'account_by_digest',
      () => `SELECT id FROM ${this.#s}.account_keys WHERE digest = $1 AND revoked_at IS NULL`,
    );
    const [row] = await this.sql.query<{ id: number }>(statement, [digest]);
    return row?.id ?? null;
  }

  /** The live API key with this digest in an instance that still exists, or null. */
  async apiKeyByDigest(digest: string): Promise<ApiKeyRecord | null> {
    const statement = this.#statements.get(
      'api_by_digest',
      () =>
        `SELECT k.id, k.instance, k.allow_user_create AS "allowUserCreate", k.ignore_acl AS "ignoreAcl"
         FROM ${this.#s}.api_keys k JOIN ${this.#s}.instances i ON i.name = k.instance
        WHERE k.digest = $1 AND k.revoked_at IS NULL AND i.deleted_at IS NULL`,
    );
    const [row] = await this.sql.query<ApiKeyRecord>(statement, [digest]);
    return row ?? null;
  }

  /** A page of the instance's live API keys by id (up to `pageSize + 1` rows). */
  async listApiKeys(instance: string, page: PageRequest): Promise<ApiKeyRow[]> {
    const k = keyset('k.id', page, 2);
    const statement = this.#statements.get(
      `api_list_${k.variant}`,
      () =>
        `SELECT ${apiKeyColumns('k')} FROM ${this.#s}.api_keys k
        WHERE k.instance = $1 AND k.revoked_at IS NULL ${k.after} ${k.orderBy} LIMIT ${k.limit}`,
    );
    return this.sql.query<ApiKeyRow>(statement, [instance, ...k.params]);
  }

  /** The instance's live API key with this id, or null. */
  async getApiKey(instance: string, id: number): Promise<ApiKeyRow | null> {
    const statement = this.#statements.get(
      'api_get',
      () =>
        `SELECT ${apiKeyColumns('k')} FROM ${this.#s}.api_keys k
        WHERE k.instance = $1 AND k.id = $2::bigint AND k.revoked_at IS NULL`,
    );
    const [row] = await this.sql.query<ApiKeyRow>(statement, [instance, id]);
    return row ?? null;
  }
}
