import type { WireMessages } from './wire-messages.js';

/** What the publisher thread starts with (`workerData`): its Kafka producer's settings. */
export interface PublisherStart {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly partitions?: number;
  readonly clientId?: string;
}

/** One call of the `EventPublisher` port. */
export type PublisherCall =
  | { readonly kind: 'connect' }
  | { readonly kind: 'publish'; readonly messages: WireMessages }
  | { readonly kind: 'close' };

/** Relay → publisher: a call, answered under its id. */
export type ToPublisher = PublisherCall & { readonly id: number };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Publisher → relay: a call's answer, or a log line of its Kafka client for the relay's logger. */
export type FromPublisher =
  | { readonly kind: 'done'; readonly id: number }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string }
  | { readonly kind: 'log'; readonly level: LogLevel; readonly object: object; readonly message: string };
