import type { SqlStatement } from './sql-executor.js';
import { quoteSchema } from './schema-name.js';

/** SQLSTATE the append function raises on an expected-revision mismatch; DETAIL = actual revision or 'no_stream'. */
export const WRONG_EXPECTED_VERSION = 'RSW01';
/** SQLSTATE and constraint of an event id that is already stored (a retried or a reused id). */
export const UNIQUE_VIOLATION = '23505';
export const EVENT_ID_CONSTRAINT = 'events_id_key';

/** What the append statement returns; text because the drivers disagree on int8 and xid8. */
export interface AppendRow {
  readonly revision: string;
  /** Null for an empty append to a stream that does not exist. */
  readonly commit_position: string | null;
  readonly prepare_position: string | null;
}

/**
 * The append as one function so it costs one round trip: check the expected revision while holding
 * the stream's lock, insert the batch, return the last event's revision and position.
 * `p_events` is a JSON array of {id, type, data, metadata}: one parameter both drivers pass alike.
 * An empty batch only checks the expected revision (as EventStoreDB does) and returns where the
 * stream is. The writing transaction's id is the position's `commit`; its sequence, `prepare`.
 */
export function appendEventsFunction(schema: string): string {
  const s = quoteSchema(schema);
  return `
CREATE OR REPLACE FUNCTION ${s}.append_events(
  p_stream text, p_expected text, p_events jsonb,
  OUT o_revision bigint, OUT o_commit xid8, OUT o_prepare bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count constant bigint := jsonb_array_length(p_events);
  v_actual bigint;
BEGIN
  IF v_count = 0 THEN
    SELECT st.revision, e.tx_id, e.seq INTO o_revision, o_commit, o_prepare
      FROM ${s}.streams st JOIN ${s}.events e ON e.stream = st.stream AND e.revision = st.revision
     WHERE st.stream = p_stream;
    -- Parenthesised: plpgsql would end the IF condition at the CASE's first THEN.
    IF (CASE p_expected
         WHEN 'no_stream' THEN o_revision IS NOT NULL
         WHEN 'stream_exists' THEN o_revision IS NULL
         WHEN 'any' THEN false
         ELSE o_revision IS DISTINCT FROM p_expected::bigint
       END) THEN
      RAISE EXCEPTION USING ERRCODE = '${WRONG_EXPECTED_VERSION}', MESSAGE = 'wrong expected version',
        DETAIL = coalesce(o_revision::text, 'no_stream');
    END IF;
    o_revision := coalesce(o_revision, -1);
    RETURN;
  END IF;

  -- Serialise this stream's writers before anything assigns this transaction its id: the id is
  -- the global order (read-events.sql.ts), so a writer that waited for the stream must get a
  -- later id than the one it waited for, or readers would see the stream's revisions out of
  -- order. A row lock cannot do it (taking one assigns the id first); an advisory lock can.
  -- Hence also: this function must be its transaction's first write.
  PERFORM pg_advisory_xact_lock(hashtextextended('${schema}/' || p_stream, 0));

  -- Holding the stream's lock, each statement's fresh snapshot (READ COMMITTED) sees the previous
  -- writer's committed revision. Each branch sets o_revision to the new last revision, or leaves
  -- it NULL when the stream is not as expected.
  CASE p_expected
  WHEN 'no_stream' THEN
    INSERT INTO ${s}.streams (stream, revision) VALUES (p_stream, v_count - 1)
      ON CONFLICT (stream) DO NOTHING RETURNING revision INTO o_revision;
  WHEN 'any' THEN
    INSERT INTO ${s}.streams AS st (stream, revision) VALUES (p_stream, v_count - 1)
      ON CONFLICT (stream) DO UPDATE SET revision = st.revision + v_count RETURNING revision INTO o_revision;
  WHEN 'stream_exists' THEN
    UPDATE ${s}.streams SET revision = revision + v_count
     WHERE stream = p_stream RETURNING revision INTO o_revision;
  ELSE
    UPDATE ${s}.streams SET revision = revision + v_count
     WHERE stream = p_stream AND revision = p_expected::bigint RETURNING revision INTO o_revision;
  END CASE;

  IF o_revision IS NULL THEN
    SELECT revision INTO v_actual FROM ${s}.streams WHERE stream = p_stream;
    RAISE EXCEPTION USING ERRCODE = '${WRONG_EXPECTED_VERSION}', MESSAGE = 'wrong expected version',
      DETAIL = coalesce(v_actual::text, 'no_stream');
  END IF;

  o_commit := pg_current_xact_id();
  WITH inserted AS (
    INSERT INTO ${s}.events (tx_id, stream, revision, id, type, data, metadata)
    SELECT o_commit, p_stream, o_revision - v_count + e.ord,
           (e.event->>'id')::uuid, e.event->>'type', e.event->'data', e.event->'metadata'
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(event, ord)
     ORDER BY e.ord
    RETURNING seq)
  SELECT max(seq) INTO o_prepare FROM inserted;
END
$fn$`;
}

/** Calls the append function: parameters stream, expected revision (text), events (JSON text). */
export function appendEventsStatement(schema: string): SqlStatement {
  return {
    name: `roster_append_events_${schema}`,
    text: `SELECT o_revision::text AS revision, o_commit::text AS commit_position,
                  o_prepare::text AS prepare_position
             FROM ${quoteSchema(schema)}.append_events($1, $2, $3::jsonb)`,
  };
}
