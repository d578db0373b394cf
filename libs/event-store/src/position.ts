/**
 * A place in the global order of all events. Shaped after EventStoreDB's `{commit, prepare}`:
 * order is by `commit`, then `prepare`. The SQL adapters store the writing transaction's id as
 * `commit` and the event's sequence number as `prepare`, which is what makes their global order
 * gap-free for readers (see the adapters).
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** The position before every event. */
export const START: Position = Object.freeze({ commit: -1n, prepare: -1n });

/** Negative, zero or positive as `a` sorts before, with or after `b`. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** The string form used in checkpoints, headers and the CLI: `commit/prepare`. */
export function formatPosition(position: Position): string {
  return `${position.commit}/${position.prepare}`;
}

/** Parses `formatPosition`'s output; throws `InvalidPositionError` on anything else. */
export function parsePosition(text: string): Position {
  const match = /^(-1|\d+)\/(-1|\d+)$/.exec(text.trim());
  if (!match) throw new InvalidPositionError(text);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

export class InvalidPositionError extends Error {
  constructor(readonly text: string) {
    super(`Not a position: "${text}" (expected "<commit>/<prepare>")`);
    this.name = 'InvalidPositionError';
  }
}
