import { appendAnyFunction } from './append-events.sql.js';
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
    // Stores made before appends found a stream's revision through the events' (stream, revision)
    // key kept it in a table of their own, updated by a function of their own: neither is used now.
    `DROP FUNCTION IF EXISTS ${s}.append_events(text, text, jsonb)`,
    `DROP TABLE IF EXISTS ${s}.streams`,
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
    appendAnyFunction(schema),
  ];
}
