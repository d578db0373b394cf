import type { SqlExecutor } from '#event-store';
import type { ColumnValues, RowPatch, TableWriter } from './table-writer.js';

type Change =
  | { readonly kind: 'row'; readonly row: ColumnValues }
  | { readonly kind: 'patch'; readonly key: ColumnValues; readonly patch: ColumnValues }
  | { readonly kind: 'delete'; readonly key: ColumnValues };

/**
 * What a batch of events does to one table, folded in memory in event order so each row ends with
 * exactly one change (a whole row, a patch of some columns, or a delete); `flush` then writes them
 * with one statement per kind. Applying a batch this way equals applying its events one by one.
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

  async flush(tx: SqlExecutor): Promise<void> {
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
    await this.#writer.delete(tx, deletes);
    await this.#writer.upsert(tx, rows);
    await this.#writer.patch(tx, patches);
  }

  #keyText(values: ColumnValues): string {
    return JSON.stringify(this.#writer.shape.key.map((column) => values[column]));
  }
}
