import type { SqlExecutor } from '#event-store';
import { IdempotencyStore, type IdempotencyRecord } from './idempotency-store.js';

const RETENTION = "interval '24 hours'";

interface Row {
  request_digest: string;
  status: number | null;
  resource_path: string | null;
}

/** `IdempotencyStore` in the read-model database (PostgreSQL or PGlite). */
export class SqlIdempotencyStore extends IdempotencyStore {
  private constructor(
    private readonly sql: SqlExecutor,
    private readonly table: string,
  ) {
    super();
  }

  static async open(sql: SqlExecutor, schema: string): Promise<SqlIdempotencyStore> {
    const table = `"${schema}".idempotency_keys`;
    await sql.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await sql.query(
      `CREATE TABLE IF NOT EXISTS ${table} (
         holder text NOT NULL,
         token text NOT NULL,
         request_digest text NOT NULL,
         status integer,
         resource_path text,
         created_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (holder, token))`,
    );
    return new SqlIdempotencyStore(sql, table);
  }

  async claim(holder: string, token: string, requestDigest: string): Promise<IdempotencyRecord | null> {
    // An expired record is replaced in the same statement, so a claim is one round trip.
    const claimed = await this.sql.query<Row>(
      `INSERT INTO ${this.table} AS k (holder, token, request_digest) VALUES ($1, $2, $3)
       ON CONFLICT (holder, token) DO UPDATE
         SET request_digest = EXCLUDED.request_digest, status = NULL, resource_path = NULL, created_at = now()
         WHERE k.created_at < now() - ${RETENTION}
       RETURNING request_digest`,
      [holder, token, requestDigest],
    );
    if (claimed.length > 0) return null;
    const [existing] = await this.sql.query<Row>(
      `SELECT request_digest, status, resource_path FROM ${this.table} WHERE holder = $1 AND token = $2`,
      [holder, token],
    );
    if (!existing) return this.claim(holder, token, requestDigest);
    return {
      requestDigest: existing.request_digest,
      status: existing.status,
      resourcePath: existing.resource_path,
    };
  }

  async complete(holder: string, token: string, status: number, resourcePath: string | null): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.table} SET status = $3, resource_path = $4 WHERE holder = $1 AND token = $2`,
      [holder, token, status, resourcePath],
    );
  }

  async abandon(holder: string, token: string): Promise<void> {
    await this.sql.query(`DELETE FROM ${this.table} WHERE holder = $1 AND token = $2 AND status IS NULL`, [
      holder,
      token,
    ]);
  }
}
