import type { SqlWrite } from './sql-write.js';
import type { ColumnValues, RowPatch, TableWriter } from './table-writer.js';

type Change =
  | { readonly kind: 'row'; readonly row: ColumnValues }
  | { readonly kind: 'patch'; readonly key: ColumnValues; readonly patch: ColumnValues }
  | { readonly kind: 'delete'; readonly key: ColumnValues };

/**
 * What a batch of events does to one table, folded in memory in event order so each row ends with
 * exactly one change (a whole row, a patch of some columns, or a delete); `writes` then turns them
 * into one statement per kind. Applying a batch this way equals applying its events one by one.
 */
export class RowChanges {
  readonly #writer: TableWriter;
  readonly #changes = new Map<string, Change>();

  constructor(writer: TableWriter) {
    this.#writer = writer;
  }

  /** The whole row (a create, or a re-create): replaces whatever the row was. */
  put(row: ColumnValues): void {
    this.#changes.set(this.#keyText(row), { kind: 'row', row });
  }

  /** Sets some columns of the row with this key, if it exists (or is put in this batch). */
  patch(key: ColumnValues, patch: ColumnValues): void {
    const id = this.#keyText(key);
    const change = this.#changes.get(id);
    if (change?.kind === 'delete') return;
    if (change?.kind === 'row') {
      this.#changes.set(id, { kind: 'row', row: { ...change.row, ...patch } });
      return;
    }
    this.#changes.set(id, { kind: 'patch', key, patch: { ...change?.patch, ...patch } });
  }

  delete(key: ColumnValues): void {
    this.#changes.set(this.#keyText(key), { kind: 'delete', key });
  }

  get size(): number {
    return this.#changes.size;
  }

  /** The statements that make the changes; the changes are cleared. */
  writes(): SqlWrite[] {
    const rows: ColumnValues[] = [];
    const patches: RowPatch[] = [];
    const deletes: ColumnValues[] = [];
    for (const change of this.#changes.values()) {
      if (change.kind === 'row') rows.push(change.row);
      else if (change.kind === 'patch') patches.push(change);
      else deletes.push(change.key);
    }
    this.#changes.clear();
    // Each key has one change, so the order of these statements does not matter.
    return [...this.#writer.delete(deletes), ...this.#writer.upsert(rows), ...this.#writer.patch(patches)];
  }

  /** The key's values as one string: a key column has one type and text holds no NUL, so only equal keys match. */
  #keyText(values: ColumnValues): string {
    const key = this.#writer.shape.key;
    let text = String(values[key[0]!]);
    for (let i = 1; i < key.length; i++) text += `\u0000${String(values[key[i]!])}`;
    return text;
  }
}
