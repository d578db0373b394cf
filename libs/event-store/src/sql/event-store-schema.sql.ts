import { appendEventsFunction } from './append-events.sql.js';
import { quoteSchema } from './schema-name.js';

/**
 * The DDL of one event store, idempotent. Run in one transaction under an advisory lock: concurrent
 * `CREATE … IF NOT EXISTS` of the same objects can still collide in PostgreSQL's catalogs.
 */
export function eventStoreSchema(schema: string): string[] {
  const s = quoteSchema(schema);
  return [
    `SELECT pg_advisory_xact_lock(hashtext('roster.event-store.schema'))`,
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    // One row per stream: the row the append function locks to serialise writers of that stream.
    `CREATE TABLE IF NOT EXISTS ${s}.streams (
       stream   text PRIMARY KEY,
       revision bigint NOT NULL
     )`,
    // (tx_id, seq) is the global position: see read-events.sql.ts for why the transaction id leads.
    `CREATE TABLE IF NOT EXISTS ${s}.events (
       seq      bigserial NOT NULL,
       tx_id    xid8 NOT NULL DEFAULT pg_current_xact_id(),
       stream   text NOT NULL,
       revision bigint NOT NULL,
       id       uuid NOT NULL,
       type     text NOT NULL,
       data     jsonb NOT NULL,
       metadata jsonb NOT NULL,
       CONSTRAINT events_position_pk PRIMARY KEY (tx_id, seq),
       CONSTRAINT events_stream_revision_key UNIQUE (stream, revision),
       CONSTRAINT events_id_key UNIQUE (id)
     )`,
    // Replaced by append_batch: one function for single and grouped appends.
    `DROP FUNCTION IF EXISTS ${s}.append_events(text, text, jsonb)`,
    appendEventsFunction(schema),
  ];
}
