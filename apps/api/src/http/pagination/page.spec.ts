import { toPage } from './page.js';
import { parsePageRequest, type PageRequest } from './page-request.js';

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i }));
const link = (query: Record<string, string | string[]> = {}) => ({ path: '/v1.1/instances/x/users/', query });
const identity = (row: { id: number }) => row.id;

describe('parsePageRequest', () => {
  it('defaults to 100 rows ascending from the start', () => {
    expect(parsePageRequest({})).toEqual({ pageSize: 100, ascending: true, lastPk: null });
  });

  it('takes the last of repeated parameters', () => {
    expect(parsePageRequest({ page_size: ['10', '20'], direction: '0', last_pk: '7' })).toEqual({
      pageSize: 20,
      ascending: false,
      lastPk: 7,
    });
  });

  it.each(['0', '1001', 'ten', '-1', '1.5', ''])('refuses page_size=%p', (pageSize) => {
    expect(parsePageRequest({ page_size: pageSize })).toEqual({
      errors: [{ field: 'page_size', message: expect.any(String) }],
    });
  });

  it('reports every bad parameter at once', () => {
    const result = parsePageRequest({ page_size: '0', direction: 'up', last_pk: 'x' });
    expect('errors' in result && result.errors.map((e) => e.field)).toEqual([
      'page_size',
      'direction',
      'last_pk',
    ]);
  });
});

describe('toPage', () => {
  const request = (overrides: Partial<PageRequest> = {}): PageRequest => ({
    pageSize: 3,
    ascending: true,
    lastPk: null,
    ...overrides,
  });

  it('has no next when no row follows and no prev on the first page', () => {
    expect(toPage(ids(1, 3), request(), link(), identity, identity)).toEqual({
      objects: [1, 2, 3],
      next: null,
      prev: null,
    });
  });

  it('links the next page after the last id, keeping filters and dropping old cursors', () => {
    const page = toPage(
      ids(1, 4),
      request(),
      link({ username: 'ann', page_size: ['5', '3'] }),
      identity,
      identity,
    );
    expect(page.objects).toEqual([1, 2, 3]);
    expect(page.next).toBe('/v1.1/instances/x/users/?username=ann&page_size=3&direction=1&last_pk=3');
  });

  it('links back from a page reached by a cursor, in the other direction', () => {
    const page = toPage(ids(4, 6), request({ lastPk: 3 }), link(), identity, identity);
    expect(page.prev).toBe('/v1.1/instances/x/users/?page_size=3&direction=0&last_pk=4');
    expect(page.next).toBeNull();
  });
});
