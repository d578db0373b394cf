import { comparePositions, type Position } from '../position.js';

/**
 * A counter that says "events may have been appended". A waiter reads `count` before it reads the
 * store and waits for a count beyond it, so a signal that arrives while it reads is never lost.
 * A notification may name the last position it appended (this process's own appends), so a
 * reader that already read past it can tell the signal brings nothing new (`coveredBy`).
 */
export class AppendSignal {
  #count = 0;
  /** `count` after the last notification that named no position (another writer's, a reconnect). */
  #blindAt = 0;
  #highest: Position | null = null;
  readonly #waiters = new Set<() => void>();

  get count(): number {
    return this.#count;
  }

  notify(position?: Position): void {
    this.#count++;
    if (position === undefined) this.#blindAt = this.#count;
    else if (this.#highest === null || comparePositions(position, this.#highest) > 0) {
      this.#highest = position;
    }
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  /**
   * True when every notification after `seen` named a position at or before `position`: a reader
   * that has delivered up to `position` would read nothing new because of them.
   */
  coveredBy(seen: number, position: Position): boolean {
    return (
      this.#blindAt <= seen && (this.#highest === null || comparePositions(this.#highest, position) <= 0)
    );
  }

  /** Resolves true once `count` exceeds `seen`, false after `timeoutMs` or when `abort` fires. */
  wait(seen: number, timeoutMs: number, abort: AbortSignal): Promise<boolean> {
    if (this.#count > seen) return Promise.resolve(true);
    if (abort.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (notified: boolean): void => {
        clearTimeout(timer);
        abort.removeEventListener('abort', onAbort);
        this.#waiters.delete(onNotify);
        resolve(notified);
      };
      const onNotify = (): void => finish(true);
      const onAbort = (): void => finish(false);
      const timer = setTimeout(() => finish(false), timeoutMs);
      abort.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(onNotify);
    });
  }
}
