import type { EventStore, SubscriptionMessage } from '#event-store';
import { followInBatches, MessageBuffer } from '#read-models';
import { toOutboundMessage } from '../envelope/cloud-event.js';
import {
  sizedMessage,
  type LoggedEvent,
  type RelayBatch,
  type RelayFollow,
  type RelayInput,
  type SizedMessage,
} from './relay-input.js';

/** A subscription message with its Kafka message made (null: an internal event, passed over). */
type Relayable =
  | (LoggedEvent & { readonly kind: 'event'; readonly outbound: SizedMessage | null })
  | { readonly kind: 'caught-up' };

/** The relay's input on this thread: the store's subscription, each event made into its message as read. */
export function storeRelayInput(store: EventStore): RelayInput {
  let buffer: MessageBuffer<Relayable> | null = null;
  return {
    get pending() {
      return buffer?.length ?? 0;
    },
    async follow({ from, batchSize, stopping, handle }: RelayFollow): Promise<void> {
      const own = new MessageBuffer<Relayable>(batchSize * 2);
      buffer = own;
      let caughtUp = false;
      try {
        await followInBatches({
          store,
          from,
          stopping,
          buffer: own,
          batchSize,
          // The message is made here, while the previous batch waits for the broker.
          map: relayable,
          handle: async (batch) => {
            if (!caughtUp && batch.length < batchSize) {
              // Catching up, the store hands over a page one event per microtask: let it finish
              // before sending, or batches come out ragged. Live, a batch goes as it is, at once.
              await new Promise((resolve) => setImmediate(resolve));
              if (own.length > 0) batch.push(...((await own.take(batchSize - batch.length)) ?? []));
            }
            const relayBatch = relayBatchOf(batch);
            caughtUp ||= relayBatch.caughtUp;
            await handle(relayBatch);
          },
        });
      } finally {
        buffer = null;
      }
    },
  };
}

function relayable(message: SubscriptionMessage): Relayable {
  if (message.kind === 'caught-up') return { kind: 'caught-up' };
  const { event } = message;
  const outbound = toOutboundMessage(event);
  return {
    kind: 'event',
    position: event.position,
    occurredAt: event.metadata.occurredAt,
    outbound: outbound && sizedMessage(outbound),
  };
}

function relayBatchOf(items: readonly Relayable[]): RelayBatch {
  const messages: SizedMessage[] = [];
  let last: LoggedEvent | null = null;
  let read = 0;
  let caughtUp = false;
  for (const item of items) {
    if (item.kind === 'caught-up') {
      caughtUp = true;
      continue;
    }
    read += 1;
    last = item;
    if (item.outbound !== null) messages.push(item.outbound);
  }
  return { messages, read, last: last && { position: last.position, occurredAt: last.occurredAt }, caughtUp };
}
