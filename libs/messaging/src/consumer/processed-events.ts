import type { SqlExecutor } from '#event-store';
import { quoteSchema } from '#read-models';

/** Where `processed_events` lives unless the consumer says otherwise. */
export const DEFAULT_CONSUMER_SCHEMA = 'messaging';

/**
 * The consumer's record of the event ids it has applied, in its own database: claiming an id in
 * the transaction of the effect makes a redelivered event a no-op (exactly once in effect).
 * Keyed by consumer group, so several consumers can share a database.
 */
export class ProcessedEvents {
  readonly #table: string;
  readonly #schema: string;

  constructor(schema: string) {
    this.#schema = quoteSchema(schema);
    this.#table = `${this.#schema}.processed_events`;
  }

  /** Creates the schema and the table if missing (under a lock: concurrent CREATEs collide in PostgreSQL). */
  async ensure(sql: SqlExecutor): Promise<void> {
    await sql.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('roster.messaging.processed-events'))`);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${this.#schema}`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${this.#table} (
         consumer_group text NOT NULL,
         event_id       text NOT NULL,
         event_type     text NOT NULL,
         processed_at   timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (consumer_group, event_id)
       )`);
      // What the retention sweep reads: the oldest records of a group.
      await tx.query(
        `CREATE INDEX IF NOT EXISTS processed_events_age ON ${this.#table} (consumer_group, processed_at)`,
      );
    });
  }

  /** Records the id in `tx`; false when it was already there (the event was applied before). */
  async claim(tx: SqlExecutor, group: string, eventId: string, eventType: string): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO ${this.#table} (consumer_group, event_id, event_type) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [group, eventId, eventType],
    );
    return rows.length === 1;
  }

  /**
   * Deletes at most `limit` of the group's records older than `maxAgeMs` (by the database's clock,
   * the one that stamped them); returns how many. Rows another sweep is deleting are skipped, so
   * the group's members can sweep at the same time without waiting on each other.
   */
  async deleteExpired(sql: SqlExecutor, group: string, maxAgeMs: number, limit: number): Promise<number> {
    const rows = await sql.query(
      `DELETE FROM ${this.#table} WHERE consumer_group = $1 AND event_id IN (
         SELECT event_id FROM ${this.#table}
          WHERE consumer_group = $1 AND processed_at < now() - $2::float8 * interval '1 millisecond'
          LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING event_id`,
      [group, maxAgeMs, limit],
    );
    return rows.length;
  }

  /** How many dedupe records the group has (tests, operations). */
  async count(sql: SqlExecutor, group: string): Promise<number> {
    const [row] = await sql.query<{ count: string }>(
      `SELECT count(*)::text AS count FROM ${this.#table} WHERE consumer_group = $1`,
      [group],
    );
    return Number(row?.count ?? 0);
  }
}
