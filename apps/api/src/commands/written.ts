import type { Position } from '#event-store';

/** What every write returns: the position of its last event (null when it appended nothing). */
export interface Written {
  readonly position: Position | null;
}
