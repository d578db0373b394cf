import type { SqlStatement } from './sql-executor.js';
import { quoteSchema } from './schema-name.js';

/** SQLSTATE and constraints of a unique key an append can run into. */
export const UNIQUE_VIOLATION = '23505';
/** An event id that is already stored (a retried or a reused id). */
export const EVENT_ID_CONSTRAINT = 'events_id_key';
/** A revision another writer took first: the stream moved since this writer looked. */
export const STREAM_REVISION_CONSTRAINT = 'events_stream_revision_key';

/** What the append statements return; text because the drivers disagree on int8 and xid8. */
export interface AppendRow {
  /** The batch's last revision; null when the stream was not as expected (nothing written). */
  readonly revision: string | null;
  readonly commit_position: string | null;
  readonly prepare_position: string | null;
}

/*
 * Why a stream's revisions stay in global order, (tx_id, seq) (read-events.sql.ts), without a
 * lock: an append reads the stream's last revision and inserts the next ones in one statement,
 * and the transaction gets its id at that insert, after the statement's snapshot saw the previous
 * revision committed, so after that revision's writer got its id. Two writers that read the same
 * revision both insert the next one; the (stream, revision) key lets one commit and fails the
 * other, which is what its expected revision asked for. Hence the append must be its
 * transaction's first write: an id taken earlier could be lower than the previous revision's.
 */

/**
 * Appends the batch $4 (a JSON array of {id, type, data, metadata}) to stream $1 when the stream is
 * as expected: $2 is 'no_stream', 'stream_exists' or 'revision' (then $3 is that revision; a
 * separate parameter, so that no plan ever casts 'no_stream' to a number). Returns the batch's last
 * revision and position, or a row of nulls when the stream is not as expected.
 */
export function appendExpectedStatement(schema: string): SqlStatement {
  const events = `${quoteSchema(schema)}.events`;
  return {
    name: `roster_append_expected_${schema}`,
    text: `WITH last AS (
             SELECT revision FROM ${events} WHERE stream = $1 ORDER BY revision DESC LIMIT 1
           ), base AS (
             SELECT coalesce((SELECT revision FROM last), -1) AS revision
              WHERE CASE $2::text
                      WHEN 'no_stream' THEN NOT EXISTS (SELECT FROM last)
                      WHEN 'stream_exists' THEN EXISTS (SELECT FROM last)
                      ELSE (SELECT revision FROM last) IS NOT DISTINCT FROM $3::bigint
                    END
           ), inserted AS (
             INSERT INTO ${events} (stream, revision, id, type, data, metadata)
             SELECT $1, base.revision + e.ord, (e.event->>'id')::uuid, e.event->>'type',
                    e.event->'data', e.event->'metadata'
               FROM base, jsonb_array_elements($4::jsonb) WITH ORDINALITY AS e(event, ord)
              ORDER BY e.ord
             RETURNING revision, tx_id, seq
           )
           SELECT max(revision)::text AS revision, max(tx_id)::text AS commit_position,
                  max(seq)::text AS prepare_position
             FROM inserted`,
  };
}

/**
 * Appending with expected revision 'any' takes the stream's lock first: writers of a busy stream
 * (an id counter) then queue instead of all reading the same revision and all but one failing on
 * the key and retrying. The lock is taken before the statement that reads and inserts, so that
 * statement's snapshot sees the previous holder's events, and before the transaction has an id.
 * A writer with an expected revision does not take the lock and can still take the revision
 * first: then this one fails on the key, and the caller tries again.
 */
export function appendAnyFunction(schema: string): string {
  const s = quoteSchema(schema);
  return `
CREATE OR REPLACE FUNCTION ${s}.append_any(
  p_stream text, p_events jsonb,
  OUT o_revision bigint, OUT o_commit xid8, OUT o_prepare bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count constant bigint := jsonb_array_length(p_events);
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('${schema}/' || p_stream, 0));
  WITH last AS (
    SELECT revision FROM ${s}.events WHERE stream = p_stream ORDER BY revision DESC LIMIT 1
  ), inserted AS (
    INSERT INTO ${s}.events (stream, revision, id, type, data, metadata)
    SELECT p_stream, coalesce((SELECT revision FROM last), -1) + e.ord, (e.event->>'id')::uuid,
           e.event->>'type', e.event->'data', e.event->'metadata'
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(event, ord)
     ORDER BY e.ord
    RETURNING revision, tx_id, seq)
  SELECT max(revision), max(tx_id), max(seq) INTO o_revision, o_commit, o_prepare FROM inserted;
END
$fn$`;
}

/** Calls the 'any' append: parameters stream, events (JSON text). */
export function appendAnyStatement(schema: string): SqlStatement {
  return {
    name: `roster_append_any_${schema}`,
    text: `SELECT o_revision::text AS revision, o_commit::text AS commit_position,
                  o_prepare::text AS prepare_position
             FROM ${quoteSchema(schema)}.append_any($1, $2::jsonb)`,
  };
}
