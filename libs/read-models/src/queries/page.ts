/**
 * A keyset page: `pageSize` rows after `lastPk` (exclusive) in id order; ascending=false means
 * descending ids, where "after" is `id < lastPk`. Repositories return up to `pageSize + 1` rows:
 * the extra one only says that a next page exists.
 */
export interface PageRequest {
  readonly pageSize: number;
  readonly ascending: boolean;
  readonly lastPk: number | null;
}

/** The keyset part of a list query on `column`, with the cursor as parameter `$index`. */
export interface Keyset {
  /** `AND column > $n` (or `<`), or '' on the first page. */
  readonly after: string;
  readonly orderBy: string;
  /** A short tag of the variant, for the statement's name. */
  readonly variant: string;
  /** The parameters to append: the cursor (if any), then the limit. */
  readonly params: readonly number[];
  /** Position of the LIMIT parameter. */
  readonly limit: string;
}

/** Builds the keyset clauses for `column` whose first parameter is `$firstIndex`. */
export function keyset(column: string, page: PageRequest, firstIndex: number): Keyset {
  checkPage(page);
  const direction = page.ascending ? 'ASC' : 'DESC';
  const orderBy = `ORDER BY ${column} ${direction}`;
  if (page.lastPk === null) {
    return {
      after: '',
      orderBy,
      variant: `${direction.toLowerCase()}_first`,
      params: [page.pageSize + 1],
      limit: `$${firstIndex}`,
    };
  }
  return {
    after: `AND ${column} ${page.ascending ? '>' : '<'} $${firstIndex}::bigint`,
    orderBy,
    variant: `${direction.toLowerCase()}_after`,
    params: [page.lastPk, page.pageSize + 1],
    limit: `$${firstIndex + 1}`,
  };
}

function checkPage(page: PageRequest): void {
  if (!Number.isSafeInteger(page.pageSize) || page.pageSize < 1) {
    throw new RangeError(`pageSize must be a positive integer, got ${page.pageSize}`);
  }
  if (page.lastPk !== null && !Number.isSafeInteger(page.lastPk)) {
    throw new RangeError(`lastPk must be an integer or null, got ${page.lastPk}`);
  }
}

/** A timestamptz column as RFC 3339 UTC with microseconds (`2016-03-17T17:56:31.181939Z`). */
export const rfc3339 = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
