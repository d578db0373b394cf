/**
 * A counter that says "events may have been appended". A waiter reads `count` before it reads the
 * store and waits for a count beyond it, so a signal that arrives while it reads is never lost.
 */
export class AppendSignal {
  #count = 0;
  readonly #waiters = new Set<() => void>();

  get count(): number {
    return this.#count;
  }

  notify(): void {
    this.#count++;
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
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
