import { PGlite } from '@electric-sql/pglite';
import type { SqlExecutor } from '../sql/sql-executor.js';
import { pgliteExecutor } from './pglite-executor.js';

describe('pgliteExecutor', () => {
  let pglite: PGlite;
  let sql: SqlExecutor;
  const named = (name: string, text: string) => ({ name, text });
  const insert = named('insert_item', 'INSERT INTO items (id, doc, note) VALUES ($1::bigint, $2::jsonb, $3)');
  const byId = named('item_by_id', 'SELECT id::text AS id, doc, note FROM items WHERE id = $1::bigint');
  const count = named('item_count', 'SELECT count(*)::int AS n FROM items');

  beforeAll(async () => {
    pglite = await PGlite.create();
    sql = pgliteExecutor(pglite);
    await sql.query('CREATE TABLE items (id bigint PRIMARY KEY, doc jsonb, note text)');
  });

  afterAll(() => pglite.close());

  it('returns what PGlite.query returns for the same text and parameters', async () => {
    await sql.query(insert, ['1', JSON.stringify({ name: 'Ada', tags: ['ü', 1] }), null]);
    await sql.query(insert, [2, JSON.stringify({}), 'two']);
    for (const id of ['1', '2', '3']) {
      expect(await sql.query(byId, [id])).toEqual((await pglite.query(byId.text, [id])).rows);
    }
    expect(await sql.query(byId, ['1'])).toEqual([
      { id: '1', doc: { name: 'Ada', tags: ['ü', 1] }, note: null },
    ]);
  });

  it('reports a failing statement as the server error and keeps working after it', async () => {
    await expect(sql.query(insert, ['1', '{}', 'again'])).rejects.toMatchObject({
      code: '23505',
      constraint: 'items_pkey',
    });
    await expect(sql.query(insert, ['9', 'not json', null])).rejects.toMatchObject({ code: '22P02' });
    expect(await sql.query(count)).toEqual([{ n: 2 }]);
  });

  it('runs inside a transaction, and a rolled-back one leaves nothing behind', async () => {
    await expect(
      sql.transaction(async (tx) => {
        await tx.query(insert, ['10', '{}', 'rolled back']);
        expect(await tx.query(byId, ['10'])).toHaveLength(1);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await sql.query(byId, ['10'])).toEqual([]);
    await sql.transaction((tx) => tx.query(insert, ['11', '{}', 'kept']));
    expect(await sql.query(byId, ['11'])).toHaveLength(1);
  });

  it('never runs a statement from outside inside another caller’s open transaction', async () => {
    let outside: Promise<unknown> | undefined;
    await expect(
      sql.transaction(async (tx) => {
        await tx.query(insert, ['20', '{}', 'in transaction']);
        outside = sql.query(insert, ['21', '{}', 'outside']);
        // Time for the outside statement to run, were it not kept waiting for this transaction.
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await outside;
    expect(await sql.query(byId, ['20'])).toEqual([]);
    expect(await sql.query(byId, ['21'])).toHaveLength(1);
  });

  it('parses a statement again when its table changed shape under it', async () => {
    const all = named('all_notes', 'SELECT * FROM notes ORDER BY id');
    await sql.query('CREATE TABLE notes (id int PRIMARY KEY, body text)');
    await sql.query("INSERT INTO notes VALUES (1, 'one')");
    expect(await sql.query(all)).toEqual([{ id: 1, body: 'one' }]);
    await sql.query('DROP TABLE notes');
    await sql.query('CREATE TABLE notes (id int PRIMARY KEY, body text, author text)');
    await sql.query("INSERT INTO notes VALUES (1, 'one', 'ada')");
    expect(await sql.query(all)).toEqual([{ id: 1, body: 'one', author: 'ada' }]);
  });

  it('keeps statements apart whose names share their first 63 bytes', async () => {
    const prefix = 'x'.repeat(70);
    const one = named(`${prefix}_one`, 'SELECT 1 AS n');
    const two = named(`${prefix}_two`, 'SELECT 2 AS n');
    expect(await sql.query(one)).toEqual([{ n: 1 }]);
    expect(await sql.query(two)).toEqual([{ n: 2 }]);
    expect(await sql.query(one)).toEqual([{ n: 1 }]);
  });

  it('shares prepared statements between executors of one PGlite, not between PGlites', async () => {
    const other = await PGlite.create();
    try {
      const otherSql = pgliteExecutor(other);
      await otherSql.query('CREATE TABLE items (id bigint PRIMARY KEY, doc jsonb, note text)');
      expect(await otherSql.query(count)).toEqual([{ n: 0 }]);
      expect(await pgliteExecutor(pglite).query(count)).toEqual([{ n: 4 }]);
    } finally {
      await other.close();
    }
  });
});
