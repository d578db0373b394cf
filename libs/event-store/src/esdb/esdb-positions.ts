import { START as ESDB_START, type Position as EsdbPosition, type ReadPosition } from '@eventstore/db-client';
import { comparePositions, START, type Position } from '../position.js';

/** EventStoreDB's `{commit, prepare}` as the port's Position: the same shape, bigints kept. */
export function toPosition(position: EsdbPosition): Position {
  return { commit: position.commit, prepare: position.prepare };
}

/** Where a read or subscription of $all starts: the client's START for ours, else the position. */
export function toReadPosition(position: Position): ReadPosition {
  return comparePositions(position, START) === 0 ? ESDB_START : toPosition(position);
}

/**
 * True when `position` comes after `from`. The port's `fromPosition` is exclusive; EventStoreDB
 * reads $all from a position inclusively (catch-up subscriptions are exclusive), so every entry is
 * checked: the one at exactly `from` is skipped whichever way the server treats it.
 */
export function isAfter(position: Position, from: Position): boolean {
  return comparePositions(position, from) > 0;
}
