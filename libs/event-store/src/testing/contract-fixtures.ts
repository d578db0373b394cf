import { randomUUID } from 'node:crypto';
import type { EventStore, SubscribeAllOptions, SubscriptionMessage } from '../event-store.port.js';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event.js';

export const metadata: EventMetadata = {
  actor: { kind: 'system', id: 'contract' },
  requestId: null,
  correlationId: '00000000-0000-4000-8000-000000000000',
  causationId: null,
  occurredAt: '2024-01-01T00:00:00.000000Z',
  schemaVersion: 1,
};

/** A new event with a fresh id. */
export function newEvent(data: unknown = { n: 1 }, type = 'Tested'): NewEvent {
  return { id: randomUUID(), type, data, metadata };
}

export function newEvents(count: number, type = 'Tested'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent({ n }, type));
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The next `count` messages of a subscription. */
export async function take(
  messages: AsyncIterator<SubscriptionMessage>,
  count: number,
): Promise<SubscriptionMessage[]> {
  const taken: SubscriptionMessage[] = [];
  while (taken.length < count) taken.push((await messages.next()).value as SubscriptionMessage);
  return taken;
}

/** What a reader should see of an appended event. */
export function asRecorded(event: NewEvent): Pick<RecordedEvent, 'id' | 'type' | 'data' | 'metadata'> {
  return { id: event.id, type: event.type, data: event.data, metadata: event.metadata };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Consumes a subscription in the background and records what it delivers. */
export class SubscriptionRecorder {
  readonly messages: SubscriptionMessage[] = [];
  readonly #abort = new AbortController();
  readonly #done: Promise<void>;
  #failure: unknown;

  constructor(store: EventStore, options: Omit<SubscribeAllOptions, 'signal'> = {}) {
    const subscription = store.subscribeAll({ ...options, signal: this.#abort.signal });
    this.#done = (async () => {
      try {
        for await (const message of subscription) this.messages.push(message);
      } catch (error) {
        this.#failure = error;
      }
    })();
  }

  get events(): RecordedEvent[] {
    return this.messages.flatMap((message) => (message.kind === 'event' ? [message.event] : []));
  }

  get caughtUpCount(): number {
    return this.messages.filter((message) => message.kind === 'caught-up').length;
  }

  /** Resolves once `condition` holds; fails after `timeoutMs` or when the subscription failed. */
  async until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.#failure) throw this.#failure;
      if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
      await sleep(5);
    }
  }

  /** Ends the subscription; resolves when its iterator has returned. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#done;
    if (this.#failure) throw this.#failure;
  }

  /** Resolves when the subscription ended by itself (e.g. its store closed). */
  get ended(): Promise<void> {
    return this.#done;
  }
}
