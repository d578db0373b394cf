import type { Position } from '#event-store';
import type { LoggedEvent, RelayBatch } from './relay-input.js';
import { fromWireMessages, toWireMessages, type WireMessages } from './wire-messages.js';

/** The PostgreSQL event store the reader thread opens for itself (connections are not shared across threads). */
export interface PostgresStoreLocation {
  readonly connectionString: string;
  readonly schema: string;
}

/** What the reader thread starts with (`workerData`). */
export interface ReaderStart {
  readonly store: PostgresStoreLocation;
  readonly from: Position;
  readonly batchSize: number;
  /** Batches the reader may hand over before the relay has sent the first of them. */
  readonly ahead: number;
}

/** Relay → reader: one more batch may come (the relay sent one), or stop. */
export type ToReader = { readonly kind: 'next' } | { readonly kind: 'stop' };

/** Reader → relay: a batch; the end of the subscription (stopped, or it ended by itself); a failure. */
export type FromReader =
  | { readonly kind: 'batch'; readonly batch: WireBatch }
  | { readonly kind: 'end' }
  | { readonly kind: 'failed'; readonly message: string };

/** A batch as it crosses threads: its messages as `WireMessages`, with their sizes. */
export interface WireBatch extends WireMessages {
  readonly bytes: readonly number[];
  readonly read: number;
  readonly last: LoggedEvent | null;
  readonly caughtUp: boolean;
}

export function toWire({ messages, read, last, caughtUp }: RelayBatch): WireBatch {
  return {
    ...toWireMessages(messages.map(({ message }) => message)),
    bytes: messages.map(({ bytes }) => bytes),
    read,
    last,
    caughtUp,
  };
}

export function fromWire(wire: WireBatch): RelayBatch {
  return {
    messages: fromWireMessages(wire).map((message, i) => ({ message, bytes: wire.bytes[i]! })),
    read: wire.read,
    last: wire.last,
    caughtUp: wire.caughtUp,
  };
}
