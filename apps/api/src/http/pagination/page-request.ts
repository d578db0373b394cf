import type { PageRequest } from '#read-models';

/** What a list request asks for (`page_size` rows after `last_pk`, direction 1 ascending, 0 descending): the read models' page. */
export type { PageRequest };

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** A query string as Fastify parses it: a parameter given twice arrives as an array. */
export type ListQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A field's problem with the page parameters, in Syncano's `{"page_size": ["…"]}` form. */
export interface PageQueryError {
  readonly field: 'page_size' | 'direction' | 'last_pk';
  readonly message: string;
}

/** The last value of a query parameter: clients repeat `page_size`, and the last one wins. */
export function lastValue(query: ListQuery, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[value.length - 1] : (value as string | undefined);
}

/** Reads `page_size`, `direction` and `last_pk`; returns every problem at once. */
export function parsePageRequest(query: ListQuery): PageRequest | { readonly errors: PageQueryError[] } {
  const errors: PageQueryError[] = [];
  const pageSize = readInteger(lastValue(query, 'page_size'), DEFAULT_PAGE_SIZE);
  if (pageSize === null || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    errors.push({
      field: 'page_size',
      message: `Ensure this value is an integer from 1 to ${MAX_PAGE_SIZE}.`,
    });
  }
  const direction = lastValue(query, 'direction') ?? '1';
  if (direction !== '0' && direction !== '1') {
    errors.push({ field: 'direction', message: '"direction" must be 0 (descending) or 1 (ascending).' });
  }
  const lastPkText = lastValue(query, 'last_pk');
  const lastPk = lastPkText === undefined || lastPkText === '' ? null : readInteger(lastPkText, 0);
  if (lastPk === null && lastPkText)
    errors.push({ field: 'last_pk', message: 'A valid integer is required.' });
  if (errors.length > 0) return { errors };
  return { pageSize: pageSize!, ascending: direction === '1', lastPk };
}

function readInteger(text: string | undefined, fallback: number): number | null {
  if (text === undefined) return fallback;
  if (!/^\d{1,15}$/.test(text.trim())) return null;
  return Number(text.trim());
}
