import type { SqlStatement } from './sql-executor.js';
import { quoteSchema } from './schema-name.js';

/** SQLSTATE and constraint of an event id that is already stored (a retried or a reused id). */
export const UNIQUE_VIOLATION = '23505';
export const EVENT_ID_CONSTRAINT = 'events_id_key';

/**
 * One append's outcome, in the order of the call's appends; text because the drivers disagree on
 * int8 and xid8. `actual` is set (the stream's revision, or 'no_stream') when the stream was not
 * as expected, and then nothing of that append was written.
 */
export interface AppendRow {
  readonly revision: string | null;
  /** Null for an empty append to a stream that does not exist, and for a refused append. */
  readonly commit_position: string | null;
  readonly prepare_position: string | null;
  readonly actual: string | null;
}

/**
 * The appends of any number of writers as one function call, so concurrent appends share a round
 * trip, a transaction and its commit's WAL flush: group commit. `p_appends` is a JSON array of
 * [stream, expected revision (text), events], each event {id, type, data, metadata}. Each append
 * is checked against its expected revision in order (a stream named twice sees its first append)
 * and written, or refused alone: a refused append leaves the others as they are. An empty batch
 * only checks the expected revision (as EventStoreDB does) and returns where the stream is. The
 * writing transaction's id is every event's position `commit`; its sequence, `prepare`.
 */
export function appendEventsFunction(schema: string): string {
  const s = quoteSchema(schema);
  return `
CREATE OR REPLACE FUNCTION ${s}.append_batch(p_appends jsonb)
  RETURNS TABLE (o_revision bigint, o_commit xid8, o_prepare bigint, o_actual text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_append jsonb;
  v_index integer;
  v_stream text;
  v_expected text;
  v_events jsonb;
  v_count bigint;
  v_lock bigint;
BEGIN
  -- Serialise each stream's writers before anything assigns this transaction its id: the id is
  -- the global order (read-events.sql.ts), so a writer that waited for the stream must get a
  -- later id than the one it waited for, or readers would see the stream's revisions out of
  -- order. A row lock cannot do it (taking one assigns the id first); an advisory lock can.
  -- Hence also: this function must be its transaction's first write. The locks are taken in one
  -- order, so two calls that share streams cannot deadlock.
  FOR v_lock IN
    SELECT DISTINCT hashtextextended('${schema}/' || (a->>0), 0)
      FROM jsonb_array_elements(p_appends) AS a WHERE jsonb_array_length(a->2) > 0 ORDER BY 1
  LOOP
    PERFORM pg_advisory_xact_lock(v_lock);
  END LOOP;

  FOR v_index IN 0 .. jsonb_array_length(p_appends) - 1 LOOP
    v_append := p_appends->v_index;
    v_stream := v_append->>0;
    v_expected := v_append->>1;
    v_events := v_append->2;
    v_count := jsonb_array_length(v_events);
    o_revision := NULL;
    o_commit := NULL;
    o_prepare := NULL;
    o_actual := NULL;

    IF v_count = 0 THEN
      SELECT st.revision, e.tx_id, e.seq INTO o_revision, o_commit, o_prepare
        FROM ${s}.streams st JOIN ${s}.events e ON e.stream = st.stream AND e.revision = st.revision
       WHERE st.stream = v_stream;
      -- Parenthesised: plpgsql would end the IF condition at the CASE's first THEN.
      IF (CASE v_expected
           WHEN 'no_stream' THEN o_revision IS NOT NULL
           WHEN 'stream_exists' THEN o_revision IS NULL
           WHEN 'any' THEN false
           ELSE o_revision IS DISTINCT FROM v_expected::bigint
         END) THEN
        o_actual := coalesce(o_revision::text, 'no_stream');
        o_revision := NULL;
        o_commit := NULL;
        o_prepare := NULL;
      ELSE
        o_revision := coalesce(o_revision, -1);
      END IF;
      RETURN NEXT;
      CONTINUE;
    END IF;

    -- Holding the stream's lock, each statement's fresh snapshot (READ COMMITTED) sees the
    -- previous writer's committed revision. Each branch sets o_revision to the new last revision,
    -- or leaves it NULL when the stream is not as expected.
    CASE v_expected
    WHEN 'no_stream' THEN
      INSERT INTO ${s}.streams (stream, revision) VALUES (v_stream, v_count - 1)
        ON CONFLICT (stream) DO NOTHING RETURNING revision INTO o_revision;
    WHEN 'any' THEN
      INSERT INTO ${s}.streams AS st (stream, revision) VALUES (v_stream, v_count - 1)
        ON CONFLICT (stream) DO UPDATE SET revision = st.revision + v_count RETURNING revision INTO o_revision;
    WHEN 'stream_exists' THEN
      UPDATE ${s}.streams SET revision = revision + v_count
       WHERE stream = v_stream RETURNING revision INTO o_revision;
    ELSE
      UPDATE ${s}.streams SET revision = revision + v_count
       WHERE stream = v_stream AND revision = v_expected::bigint RETURNING revision INTO o_revision;
    END CASE;

    IF o_revision IS NULL THEN
      SELECT revision::text INTO o_actual FROM ${s}.streams WHERE stream = v_stream;
      o_actual := coalesce(o_actual, 'no_stream');
      RETURN NEXT;
      CONTINUE;
    END IF;

    o_commit := pg_current_xact_id();
    WITH inserted AS (
      INSERT INTO ${s}.events (tx_id, stream, revision, id, type, data, metadata)
      SELECT o_commit, v_stream, o_revision - v_count + e.ord,
             (e.event->>'id')::uuid, e.event->>'type', e.event->'data', e.event->'metadata'
        FROM jsonb_array_elements(v_events) WITH ORDINALITY AS e(event, ord)
       ORDER BY e.ord
      RETURNING seq)
    SELECT max(seq) INTO o_prepare FROM inserted;
    RETURN NEXT;
  END LOOP;
END
$fn$`;
}

/** Calls the batch append: one parameter, the JSON text of the appends (`appendBatchJson`). */
export function appendBatchStatement(schema: string): SqlStatement {
  return {
    name: `roster_append_batch_${schema}`,
    text: `SELECT o_revision::text AS revision, o_commit::text AS commit_position,
                  o_prepare::text AS prepare_position, o_actual AS actual
             FROM ${quoteSchema(schema)}.append_batch($1::jsonb)`,
  };
}

/** One append as an element of `p_appends`, from already validated events JSON (not parsed again). */
export function appendJson(stream: string, expected: string, eventsJson: string): string {
  return `[${JSON.stringify(stream)},${JSON.stringify(expected)},${eventsJson}]`;
}
