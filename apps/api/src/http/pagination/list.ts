import type { PageRequest } from '#read-models';
import { DomainError } from '#domain';
import { toPage, type Page } from './page.js';
import { parsePageRequest, type ListQuery } from './page-request.js';

export type { ListQuery };

/** Parses the cursor parameters (400 `request.query.invalid` on bad ones). */
function pageRequestOf(query: ListQuery): PageRequest {
  const request = parsePageRequest(query);
  if ('errors' in request) {
    throw new DomainError(
      'invalid',
      request.errors.map(({ field, message }) => ({ field, code: 'request.query.invalid', message })),
    );
  }
  return request;
}

/** Serves one keyset page of a list: fetch `pageSize + 1` rows, render, link. */
export async function pageOf<Row extends { readonly id: number }, T>(
  query: ListQuery,
  path: string,
  fetch: (page: PageRequest) => Promise<readonly Row[]>,
  render: (row: Row) => T,
  keyOf: (row: Row) => number = (row) => row.id,
): Promise<Page<T>> {
  const request = pageRequestOf(query);
  const rows = await fetch(request);
  return toPage(rows, request, { path, query }, keyOf, render);
}
