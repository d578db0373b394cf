/** A stream folded by one decider up to `revision` events. */
export interface Fold<State> {
  readonly state: State;
  readonly revision: number;
}

interface Entry extends Fold<unknown> {
  readonly decider: object;
}

/**
 * The folded states of the streams used most recently, so a load reads only what was appended
 * since: without it, adding a member to a group of n members reads and folds all n events again.
 * Streams only grow, so a state at revision r plus the events from r on is the state now, whoever
 * appended them. States are immutable (`evolve` returns new ones), so handing one out is safe.
 */
export class FoldCache {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  get<State>(stream: string, decider: object): Fold<State> | undefined {
    const entry = this.#entries.get(stream);
    if (entry?.decider !== decider) return undefined;
    // Map order is insertion order: moving the entry to the end keeps the least recent first.
    this.#entries.delete(stream);
    this.#entries.set(stream, entry);
    return { state: entry.state as State, revision: entry.revision };
  }

  /** Keeps the newer of this and what is cached: a slower concurrent load may finish last. */
  set(stream: string, decider: object, fold: Fold<unknown>): void {
    const current = this.#entries.get(stream);
    if (current?.decider === decider && current.revision > fold.revision) return;
    this.#entries.delete(stream);
    this.#entries.set(stream, { ...fold, decider });
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
