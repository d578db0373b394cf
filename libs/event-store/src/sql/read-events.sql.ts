import type { SqlStatement } from './sql-executor.js';
import type { EventRowFormat } from './event-row.js';
import { quoteSchema } from './schema-name.js';

// Every statement names the events table `e`, and orders by `e.` columns: a bare `revision`
// in ORDER BY would mean the text output column of the same name.

/*
 * Why the global order is (tx_id, seq) and readers stop below the snapshot's xmin:
 * `seq` comes from a sequence when a row is inserted, not when its transaction commits, so a slow
 * transaction can commit a lower `seq` after a reader has already passed it; ordering by `seq`
 * alone would skip that event forever. Ordering by the writer's transaction id alone is not safe
 * either (a transaction that got its id earlier can commit later). But every transaction whose id
 * is below `pg_snapshot_xmin(pg_current_snapshot())` has finished: none of them can still commit a
 * row. So a reader that returns only rows below xmin, in (tx_id, seq) order, never sees a row
 * appear behind its position later. The price: readers wait for the oldest open transaction of the
 * cluster (keep transactions short); appends themselves never wait for it.
 */
const VISIBLE = `e.tx_id < pg_snapshot_xmin(pg_current_snapshot())`;

/** Events after ($1 commit, $2 prepare), exclusive, in global order; at most $3. */
export function readAllStatement(schema: string, format: EventRowFormat): SqlStatement {
  return {
    name: `roster_read_all_${format.name}_${schema}`,
    text: `SELECT ${format.select} FROM ${quoteSchema(schema)}.events e
            WHERE (tx_id, seq) > ($1::xid8, $2::bigint) AND ${VISIBLE}
            ORDER BY e.tx_id, e.seq LIMIT $3`,
  };
}

/** The newest position readers can see (no row when there is none). */
export function headPositionStatement(schema: string): SqlStatement {
  return {
    name: `roster_head_position_${schema}`,
    text: `SELECT tx_id::text AS commit_position, seq::text AS prepare_position
             FROM ${quoteSchema(schema)}.events e WHERE ${VISIBLE}
            ORDER BY e.tx_id DESC, e.seq DESC LIMIT 1`,
  };
}

/** Stream $1 from revision $2 upwards, inclusive; at most $3. Plain MVCC: a stream has one writer at a time. */
export function readStreamForwardsStatement(schema: string, format: EventRowFormat): SqlStatement {
  return {
    name: `roster_read_stream_forwards_${format.name}_${schema}`,
    text: `SELECT ${format.select} FROM ${quoteSchema(schema)}.events e
            WHERE stream = $1 AND revision >= $2::bigint ORDER BY e.revision LIMIT $3`,
  };
}

/** Stream $1 from revision $2 downwards, inclusive; at most $3. */
export function readStreamBackwardsStatement(schema: string, format: EventRowFormat): SqlStatement {
  return {
    name: `roster_read_stream_backwards_${format.name}_${schema}`,
    text: `SELECT ${format.select} FROM ${quoteSchema(schema)}.events e
            WHERE stream = $1 AND revision <= $2::bigint ORDER BY e.revision DESC LIMIT $3`,
  };
}

/** The stored events whose ids are in the JSON array $1, in that array's order (retry detection). */
export function storedEventsByIdStatement(schema: string, format: EventRowFormat): SqlStatement {
  return {
    name: `roster_stored_events_by_id_${format.name}_${schema}`,
    text: `SELECT ${format.select}
             FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS batch(id, ord)
             JOIN ${quoteSchema(schema)}.events e ON e.id = batch.id::uuid
            ORDER BY batch.ord`,
  };
}
