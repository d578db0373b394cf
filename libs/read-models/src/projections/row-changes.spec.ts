import { RowChanges } from './row-changes.js';
import type { SqlWrite } from './sql-write.js';
import { TableWriter } from './table-writer.js';

const shape = {
  table: 'things',
  key: ['instance', 'id'],
  columns: { instance: 'text', id: 'integer', label: 'text', revision: 'integer' },
} as const;

/** The writes by kind of statement, each with its decoded JSON parameter. */
function byKind(writes: readonly SqlWrite[]): Record<string, unknown> {
  const text = (statement: SqlWrite['statement']) =>
    typeof statement === 'string' ? statement : statement.text;
  return Object.fromEntries(
    writes.map(({ statement, params = [] }) => [
      /^\s*(INSERT|UPDATE|DELETE)/.exec(text(statement))![1]!,
      JSON.parse(params[0] as string),
    ]),
  );
}

describe('RowChanges', () => {
  it('folds a batch so each row ends with one change, written as positional JSON', () => {
    const changes = new RowChanges(new TableWriter('roster', shape));
    changes.put({ instance: 'a', id: 1, label: 'one', revision: 1 });
    changes.patch({ instance: 'a', id: 1 }, { label: 'uno', revision: 2 });
    changes.patch({ instance: 'a', id: 2 }, { revision: 5 });
    changes.patch({ instance: 'a', id: 2 }, { label: 'two' });
    changes.put({ instance: 'a', id: 3, label: 'three', revision: 1 });
    changes.delete({ instance: 'a', id: 3 });
    changes.patch({ instance: 'a', id: 3 }, { revision: 2 });
    expect(byKind(changes.writes())).toEqual({
      INSERT: [['a', 1, 'uno', 2]],
      UPDATE: [['a', 2, { revision: 5, label: 'two' }]],
      DELETE: [['a', 3]],
    });
    expect(changes.size).toBe(0);
  });

  it('writes nothing for an empty batch', () => {
    expect(new RowChanges(new TableWriter('roster', shape)).writes()).toEqual([]);
  });
});
