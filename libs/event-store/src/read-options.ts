// The port's read options (`ReadStreamOptions`, `ReadAllOptions`) checked once for every adapter, so a
// bad option fails alike everywhere: the same RangeError, before anything is read.

/** `direction` checked; no `direction` is forwards. */
export function readDirection(direction: unknown): 'forwards' | 'backwards' {
  if (direction === undefined) return 'forwards';
  if (direction === 'forwards' || direction === 'backwards') return direction;
  throw new RangeError(`direction must be 'forwards' or 'backwards', got ${String(direction)}`);
}

/** `from` checked: a revision (bigint >= 0), or undefined. */
export function revisionOption(from: unknown): bigint | undefined {
  if (from === undefined || (typeof from === 'bigint' && from >= 0n)) return from;
  throw new RangeError(`from must be a bigint revision >= 0, got ${String(from)}`);
}

/** `pageSize` as a count of at least 1; no `pageSize` is `fallback`. */
export function pageSizeOption(pageSize: unknown, fallback: number): number {
  if (pageSize === undefined) return fallback;
  if (Number.isSafeInteger(pageSize) && (pageSize as number) >= 1) return pageSize as number;
  throw new RangeError(`pageSize must be an integer >= 1, got ${String(pageSize)}`);
}

/** `max` as a count; no `max` is no limit. */
export function maxOption(max: unknown): number {
  if (max === undefined) return Number.POSITIVE_INFINITY;
  if (Number.isSafeInteger(max) && (max as number) >= 0) return max as number;
  throw new RangeError(`max must be an integer >= 0, got ${String(max)}`);
}
