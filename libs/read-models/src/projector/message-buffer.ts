/**
 * A bounded hand-over between a producer (the subscription) and a consumer (the batch writer), so
 * the next events are read while a batch commits, and a batch is whatever has arrived meanwhile.
 */
export class MessageBuffer<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;
  #closed = false;
  #failure: { readonly error: unknown } | null = null;
  #wakeConsumer: (() => void) | null = null;
  #wakeProducer: (() => void) | null = null;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get length(): number {
    return this.#items.length;
  }

  /** Adds an item; resolves when there is room for the next one (or the buffer closed). */
  async push(item: T): Promise<void> {
    this.#items.push(item);
    this.#wake('consumer');
    while (this.#items.length >= this.#capacity && !this.#closed) {
      await new Promise<void>((resolve) => (this.#wakeProducer = resolve));
    }
  }

  /** No more items will come; `take` returns what is left, then null (or throws `error`). */
  close(error?: unknown): void {
    if (error !== undefined && this.#failure === null) this.#failure = { error };
    this.#closed = true;
    this.#wake('consumer');
    this.#wake('producer');
  }

  /** Up to `max` items once at least one is there; null when closed and empty. */
  async take(max: number): Promise<T[] | null> {
    while (this.#items.length === 0) {
      if (this.#closed) {
        if (this.#failure) throw this.#failure.error;
        return null;
      }
      await new Promise<void>((resolve) => (this.#wakeConsumer = resolve));
    }
    const items = this.#items.splice(0, max);
    this.#wake('producer');
    return items;
  }

  #wake(side: 'consumer' | 'producer'): void {
    const wake = side === 'consumer' ? this.#wakeConsumer : this.#wakeProducer;
    if (side === 'consumer') this.#wakeConsumer = null;
    else this.#wakeProducer = null;
    wake?.();
  }
}
