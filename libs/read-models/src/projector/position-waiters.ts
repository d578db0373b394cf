import { comparePositions, type Position } from '#event-store';

interface Waiter {
  readonly position: Position;
  readonly resolve: (passed: boolean) => void;
}

/**
 * Callers waiting for a position to be reached. `advance` is called when a checkpoint commits and
 * wakes every waiter at or below it: no polling.
 */
export class PositionWaiters {
  #reached: Position | null = null;
  #waiters = new Set<Waiter>();

  /** The highest position announced so far, or null. */
  get reached(): Position | null {
    return this.#reached;
  }

  get size(): number {
    return this.#waiters.size;
  }

  /** Resolves true once `position` is reached, false after `timeoutMs`. */
  wait(position: Position, timeoutMs: number): Promise<boolean> {
    if (this.#passed(position)) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve: (passed) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(passed);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** Records that `position` was reached (never moves back) and wakes the waiters it passes. */
  advance(position: Position): void {
    if (this.#reached !== null && comparePositions(position, this.#reached) <= 0) return;
    this.#reached = position;
    for (const waiter of this.#waiters) {
      if (comparePositions(waiter.position, position) <= 0) waiter.resolve(true);
    }
  }

  /** Answers every waiter false (shutting down). */
  cancelAll(): void {
    for (const waiter of this.#waiters) waiter.resolve(false);
  }

  #passed(position: Position): boolean {
    return this.#reached !== null && comparePositions(position, this.#reached) <= 0;
  }
}
