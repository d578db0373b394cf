import type { EventMetadata, RecordedEvent } from '../event.js';
import { START, type Position } from '../position.js';
import type { EventRow } from './read-events.sql.js';

/** A stored row as the port's event. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    data: row.data,
    metadata: row.metadata as EventMetadata,
    stream: row.stream,
    revision: BigInt(row.revision),
    position: toPosition(row.commit_position, row.prepare_position),
  };
}

/** A position from its text columns; no row (nulls) is `START`. */
export function toPosition(commit: string | null, prepare: string | null): Position {
  if (commit === null || prepare === null) return START;
  return { commit: BigInt(commit), prepare: BigInt(prepare) };
}

/** A position as the read statements' ($1 commit, $2 prepare) parameters. */
export function positionParams(position: Position): [string, string] {
  // xid8 has no -1: `START` becomes (0, -1), still before every real transaction id (those start at 3).
  const commit = position.commit < 0n ? 0n : position.commit;
  return [commit.toString(), position.prepare.toString()];
}
