import { keyset } from './page.js';

describe('keyset', () => {
  it('pages from the start without a cursor and fetches one row more than the page', () => {
    expect(keyset('u.id', { pageSize: 10, ascending: true, lastPk: null }, 2)).toEqual({
      after: '',
      orderBy: 'ORDER BY u.id ASC',
      variant: 'asc_first',
      params: [11],
      limit: '$2',
    });
  });

  it('continues after the cursor: greater ids ascending, smaller ids descending', () => {
    expect(keyset('m.user_id', { pageSize: 5, ascending: false, lastPk: 40 }, 3)).toEqual({
      after: 'AND m.user_id < $3::bigint',
      orderBy: 'ORDER BY m.user_id DESC',
      variant: 'desc_after',
      params: [40, 6],
      limit: '$4',
    });
  });

  it('refuses a page size below 1 or a cursor that is not an integer', () => {
    expect(() => keyset('id', { pageSize: 0, ascending: true, lastPk: null }, 1)).toThrow(RangeError);
    expect(() => keyset('id', { pageSize: 5, ascending: true, lastPk: 1.5 }, 1)).toThrow(RangeError);
  });
});
