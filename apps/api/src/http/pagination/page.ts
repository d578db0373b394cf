import { lastValue, type ListQuery, type PageRequest } from './page-request.js';

/** Syncano's list body: both cursors always present, relative URLs or null. */
export interface Page<T> {
  readonly objects: T[];
  readonly next: string | null;
  readonly prev: string | null;
}

const CURSOR_PARAMETERS = new Set(['page_size', 'direction', 'last_pk']);

/**
 * Builds a page from up to `pageSize + 1` rows in the requested order (the extra row only tells
 * that a next page exists). Cursors keep the request's filters and key on `keyOf` (the id).
 */
export function toPage<Row, T>(
  rows: readonly Row[],
  request: PageRequest,
  link: { readonly path: string; readonly query: ListQuery },
  keyOf: (row: Row) => number,
  render: (row: Row) => T,
): Page<T> {
  const shown = rows.slice(0, request.pageSize);
  const cursor = (ascending: boolean, lastPk: number): string => {
    const params = new URLSearchParams();
    for (const name of Object.keys(link.query)) {
      const value = lastValue(link.query, name);
      if (!CURSOR_PARAMETERS.has(name) && value !== undefined) params.set(name, value);
    }
    params.set('page_size', String(request.pageSize));
    params.set('direction', ascending ? '1' : '0');
    params.set('last_pk', String(lastPk));
    return `${link.path}?${params.toString()}`;
  };
  const last = shown[shown.length - 1];
  const first = shown[0];
  return {
    objects: shown.map(render),
    next:
      rows.length > request.pageSize && last !== undefined ? cursor(request.ascending, keyOf(last)) : null,
    prev: request.lastPk !== null && first !== undefined ? cursor(!request.ascending, keyOf(first)) : null,
  };
}
