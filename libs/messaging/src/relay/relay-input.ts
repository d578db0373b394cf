import type { Position } from '#event-store';
import type { OutboundMessage } from '../envelope/cloud-event.js';

/** A Kafka message and its size in bytes (key and value, UTF-8). */
export interface SizedMessage {
  readonly message: OutboundMessage;
  readonly bytes: number;
}

export function sizedMessage(message: OutboundMessage): SizedMessage {
  return { message, bytes: Buffer.byteLength(message.value) + Buffer.byteLength(message.key) };
}

/** What the checkpoint and the lag need of an event: where it is in the log, when it happened. */
export interface LoggedEvent {
  readonly position: Position;
  readonly occurredAt: string;
}

/** A run of the log as the relay sends it. */
export interface RelayBatch {
  /** The messages of its public events, in log order. */
  readonly messages: readonly SizedMessage[];
  /** Events it covers, internal ones (never published) included. */
  readonly read: number;
  /** The last event it covers; null for a batch that only says the head was reached. */
  readonly last: LoggedEvent | null;
  /** The subscription reached the head of the log with it. */
  readonly caughtUp: boolean;
}

export interface RelayFollow {
  /** Where the subscription starts: the stored checkpoint (exclusive). */
  readonly from: Position;
  /** Most events per batch. */
  readonly batchSize: number;
  /** The relay's stop: no batch is handled once it is aborted. */
  readonly stopping: AbortSignal;
  /** Sends one batch; the next is read meanwhile. A throw ends the follow with it. */
  readonly handle: (batch: RelayBatch) => Promise<void>;
}

/**
 * Where the relay's events come from, already turned into Kafka messages: the event store
 * followed on this thread (`storeRelayInput`).
 */
export interface RelayInput {
  /**
   * One subscription to the log from `from`, handed over in batches (full ones while catching up),
   * until stop or the first failure (thrown). Returns when stopped or when the log's subscription
   * ended by itself.
   */
  follow(options: RelayFollow): Promise<void>;
  /** Events read but not yet handed to `handle`. */
  readonly pending: number;
}
