import type { SqlExecutor, SqlStatement } from '#event-store';
import { RowChanges } from './row-changes.js';
import { TableWriter } from './table-writer.js';

const shape = {
  table: 'things',
  key: ['instance', 'id'],
  columns: { instance: 'text', id: 'integer', label: 'text', revision: 'integer' },
} as const;

/** Records the statements a flush sends, by kind, with their decoded JSON parameter. */
function recorder(): { tx: SqlExecutor; sent: Record<string, unknown> } {
  const sent: Record<string, unknown> = {};
  const tx: SqlExecutor = {
    query: async <Row extends object>(statement: string | SqlStatement, params: readonly unknown[] = []) => {
      const kind = /^\s*(INSERT|UPDATE|DELETE)/.exec(
        typeof statement === 'string' ? statement : statement.text,
      )![1]!;
      sent[kind] = JSON.parse(params[0] as string);
      return [] as Row[];
    },
    transaction: (work) => work(tx),
  };
  return { tx, sent };
}

describe('RowChanges', () => {
  it('folds a batch so each row ends with one change, sent as positional JSON', async () => {
    const changes = new RowChanges(new TableWriter('roster', shape));
    changes.put({ instance: 'a', id: 1, label: 'one', revision: 1 });
    changes.patch({ instance: 'a', id: 1 }, { label: 'uno', revision: 2 });
    changes.patch({ instance: 'a', id: 2 }, { revision: 5 });
    changes.patch({ instance: 'a', id: 2 }, { label: 'two' });
    changes.put({ instance: 'a', id: 3, label: 'three', revision: 1 });
    changes.delete({ instance: 'a', id: 3 });
    changes.patch({ instance: 'a', id: 3 }, { revision: 2 });
    const { tx, sent } = recorder();
    await changes.flush(tx);
    expect(sent).toEqual({
      INSERT: [['a', 1, 'uno', 2]],
      UPDATE: [['a', 2, { revision: 5, label: 'two' }]],
      DELETE: [['a', 3]],
    });
    expect(changes.size).toBe(0);
  });

  it('sends nothing for an empty batch', async () => {
    const { tx, sent } = recorder();
    await new RowChanges(new TableWriter('roster', shape)).flush(tx);
    expect(sent).toEqual({});
  });
});
