import { formatPosition, type Position, type SqlExecutor } from '#event-store';
import {
  acquireLease,
  CheckpointMovedError,
  CheckpointTable,
  DEFAULT_READ_MODEL_SCHEMA,
  migrateReadModels,
  PositionWaiters,
  SOLE_WORKER_LEASE,
  type HeldLease,
  type WorkerLease,
} from '#read-models';
import type { OutboundMessage } from '../envelope/cloud-event.js';
import { abortableSleep } from '../abortable-sleep.js';
import { SILENT_MESSAGING_LOGGER, type MessagingLogger } from '../messaging-logger.js';
import type { EventPublisher } from './event-publisher.js';
import type { LoggedEvent, RelayBatch, RelayInput, SizedMessage } from './relay-input.js';

/** The relay's checkpoint name in `projection_checkpoints`. */
export const DEFAULT_RELAY_NAME = 'kafka-relay';

export interface RelayOptions {
  /** The log's events as messages: `storeRelayInput(store)`. */
  readonly input: RelayInput;
  /** The read models' database: the checkpoint lives in its `projection_checkpoints`. */
  readonly sql: SqlExecutor;
  readonly publisher: EventPublisher;
  /** Default `roster` (`DATABASE_SCHEMA`). */
  readonly schema?: string;
  /** The checkpoint's name; default `kafka-relay`. */
  readonly name?: string;
  /** Most events read per batch; default 500. */
  readonly batchSize?: number;
  /** Most bytes of message values per send (Kafka refuses record batches above ~1 MB); default 512 KiB. */
  readonly maxSendBytes?: number;
  readonly logger?: MessagingLogger;
  /** Backoff after a failure: first and longest wait; default 100 ms and 5 s. */
  readonly retry?: { readonly firstMs: number; readonly maxMs: number };
  /**
   * Who may publish from the checkpoint: required wherever another relay can share it (PostgreSQL,
   * `advisoryLease`); default `SOLE_WORKER_LEASE`, for a database only this process opens (PGlite).
   */
  readonly lease?: WorkerLease;
  /** How often a standby tries to take the lease; default 1 s. */
  readonly standbyRetryMs?: number;
}

/** The relay's numbers for health checks and metrics. */
export interface RelayStatus {
  readonly name: string;
  readonly topic: string;
  /** Holds the lease, so publishes; false for a standby (another relay publishes) or before the first try. */
  readonly active: boolean;
  /** The committed checkpoint: every public event up to it is acknowledged by the broker. */
  readonly position: Position | null;
  /** Connected to the broker with the topic in place. */
  readonly connected: boolean;
  /** Every event that existed when the subscription (re)started has been acknowledged. */
  readonly caughtUp: boolean;
  /** Messages acknowledged since start (duplicates after a failure included). */
  readonly eventsPublished: number;
  /** Events passed over since start: internal streams, which are never published. */
  readonly eventsSkipped: number;
  readonly batchesPublished: number;
  /** Events read but not yet acknowledged. */
  readonly pendingEvents: number;
  /**
   * 0 when caught up with nothing pending, else now minus the last acknowledged event's time; null
   * for a standby (the active relay's lag is the one that counts).
   */
  readonly lagMs: number | null;
  /** The last failure's message while it keeps retrying, else null. */
  readonly lastError: string | null;
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_MAX_SEND_BYTES = 512 * 1024;
const DEFAULT_RETRY = { firstMs: 100, maxMs: 5000 };
const DEFAULT_STANDBY_RETRY_MS = 1000;
/**
 * Batches handed to the publisher at once: one being sent, the next waiting behind it, so a
 * publisher on another thread starts the next send without waiting for this thread to hand it over.
 */
const IN_FLIGHT = 2;

/**
 * Event store → Kafka. Follows `$all` from its checkpoint, turns public events into CloudEvents
 * (key = stream id) and sends each batch with the publisher; the checkpoint moves only after the
 * broker acknowledged the batch, so a crash or an outage loses nothing: the next attempt sends
 * from the checkpoint again (duplicates on the wire only; consumers dedupe by event id).
 * While the broker is away it retries with backoff and the event store is not touched: writes go on.
 * It publishes only while it holds the checkpoint's lease: a second relay on the same checkpoint
 * stands by, trying the lease, and takes over from the stored checkpoint when the first one stops,
 * dies or loses its connection (which stops the first one's publishing: at most its batch in flight
 * goes out after, a duplicate on the wire).
 */
export class Relay {
  readonly #options: RelayOptions;
  readonly #schema: string;
  readonly #name: string;
  readonly #batchSize: number;
  readonly #maxSendBytes: number;
  readonly #logger: MessagingLogger;
  readonly #checkpoints: CheckpointTable;
  readonly #waiters = new PositionWaiters();
  readonly #stopping = new AbortController();
  /** Aborted when this relay stops or loses the lease: no batch is sent after it. */
  #term: AbortSignal = this.#stopping.signal;
  #active = false;
  #running: Promise<void> | null = null;
  #position: Position | null = null;
  #connected = false;
  #caughtUp = false;
  #eventsPublished = 0;
  #eventsSkipped = 0;
  #batchesPublished = 0;
  #lastEventOccurredAt: string | null = null;
  #lastError: string | null = null;
  #retryMs = 0;
  /** Acknowledged by the broker, not yet in the checkpoint: the last such event, and counts. */
  #unsaved: { readonly last: LoggedEvent; readonly published: number; readonly skipped: number } | null =
    null;
  /** The checkpoint writer while it runs. */
  #saving: Promise<void> | null = null;
  #saveFailure: { readonly error: unknown } | null = null;
  /** Batches handed to the publisher and not yet acknowledged, oldest first: each settles after the one before. */
  #inFlight: Promise<void>[] = [];
  /** Aborted by the first failed send of the current follow. */
  #sendFailed = new AbortController();

  constructor(options: RelayOptions) {
    this.#options = options;
    this.#schema = options.schema ?? DEFAULT_READ_MODEL_SCHEMA;
    this.#name = options.name ?? DEFAULT_RELAY_NAME;
    this.#batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.#maxSendBytes = options.maxSendBytes ?? DEFAULT_MAX_SEND_BYTES;
    this.#logger = options.logger ?? SILENT_MESSAGING_LOGGER;
    this.#checkpoints = new CheckpointTable(this.#schema);
  }

  get name(): string {
    return this.#name;
  }

  /** Reads the checkpoint and starts relaying in the background; a missing broker is not an error. */
  async start(): Promise<void> {
    if (this.#running) throw new Error(`Relay "${this.#name}" is already started`);
    await migrateReadModels(this.#options.sql, this.#schema);
    this.#position = await this.#checkpoints.ensure(this.#options.sql, this.#name);
    this.#waiters.advance(this.#position);
    this.#logger.info(
      { relay: this.#name, topic: this.#options.publisher.topic, position: formatPosition(this.#position) },
      'relay starting',
    );
    this.#running = this.#run();
  }

  /** Stops after the batches in flight (unacknowledged events are sent again on the next start). */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#running;
    this.#waiters.cancelAll();
  }

  /** Resolves true once every event up to `position` is acknowledged (or passed over), false after `timeoutMs`. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    return this.#waiters.wait(position, timeoutMs);
  }

  status(): RelayStatus {
    const pendingEvents = this.#options.input.pending;
    const lagMs = !this.#active
      ? null
      : this.#caughtUp && pendingEvents === 0
        ? 0
        : this.#lastEventOccurredAt === null
          ? null
          : Math.max(0, Date.now() - Date.parse(this.#lastEventOccurredAt));
    return {
      name: this.#name,
      topic: this.#options.publisher.topic,
      active: this.#active,
      position: this.#position,
      connected: this.#connected,
      caughtUp: this.#caughtUp,
      eventsPublished: this.#eventsPublished,
      eventsSkipped: this.#eventsSkipped,
      batchesPublished: this.#batchesPublished,
      pendingEvents,
      lagMs,
      lastError: this.#lastError,
    };
  }

  /** Stands by until it holds the lease, publishes while it does, stands by again if it loses it. */
  async #run(): Promise<void> {
    const lease = this.#options.lease ?? SOLE_WORKER_LEASE;
    for (;;) {
      const held = await this.#acquire(lease);
      if (held === null) break;
      this.#active = true;
      this.#term = AbortSignal.any([this.#stopping.signal, held.lost]);
      this.#logger.info({ relay: this.#name, topic: this.#options.publisher.topic }, 'relay active');
      try {
        await this.#publishWhileHeld();
      } finally {
        this.#active = false;
        await held.release();
      }
      if (this.#stopping.signal.aborted) break;
      this.#logger.warn(
        { relay: this.#name, err: (held.lost.reason as Error | undefined)?.message },
        'relay lost its lease; standing by',
      );
    }
    await lease.close();
  }

  /** Tries the lease until this relay holds it (logging once that it stands by); null once stopping. */
  #acquire(lease: WorkerLease): Promise<HeldLease | null> {
    return acquireLease(lease, {
      signal: this.#stopping.signal,
      standbyRetryMs: this.#options.standbyRetryMs ?? DEFAULT_STANDBY_RETRY_MS,
      retry: this.#options.retry ?? DEFAULT_RETRY,
      onStandby: () =>
        this.#logger.info(
          { relay: this.#name, topic: this.#options.publisher.topic },
          "relay standby: another relay holds the checkpoint's lease",
        ),
      onAnswer: () => {
        this.#lastError = null;
      },
      onFailure: (error, retryMs) => {
        this.#lastError = error instanceof Error ? error.message : String(error);
        this.#logger.error(
          { relay: this.#name, err: this.#lastError, retryMs },
          'relay could not try its lease; retrying',
        );
      },
    });
  }

  /** Publishes until stop or the lease is lost, retrying failures with backoff. */
  async #publishWhileHeld(): Promise<void> {
    const retry = this.#options.retry ?? DEFAULT_RETRY;
    const publisher = this.#options.publisher;
    while (!this.#term.aborted) {
      let failure: unknown;
      try {
        await publisher.connect();
        this.#connected = true;
        await this.#follow();
        // The subscription ended by itself: the store was closed under us.
        failure = new Error('the event store subscription ended');
      } catch (error) {
        failure = error;
      }
      this.#connected = false;
      this.#caughtUp = false;
      if (this.#term.aborted) break;
      // Start the next attempt with a fresh connection: a producer that failed mid-send may be in
      // any state. Its unacknowledged batch is read again from the checkpoint.
      await publisher.close().catch(() => undefined);
      if (failure instanceof CheckpointMovedError) {
        this.#logger.warn({ relay: this.#name, err: failure.message }, 'checkpoint moved; resubscribing');
        continue;
      }
      this.#lastError = failure instanceof Error ? failure.message : String(failure);
      this.#retryMs = Math.min(Math.max(this.#retryMs * 2, retry.firstMs), retry.maxMs);
      this.#logger.error(
        { relay: this.#name, err: this.#lastError, retryMs: this.#retryMs },
        'relay failed; retrying',
      );
      await abortableSleep(this.#retryMs, this.#term);
    }
    await publisher.close().catch(() => undefined);
  }

  /** One subscription from the stored checkpoint, until stop or the first failure. */
  async #follow(): Promise<void> {
    const from = (await this.#checkpoints.read(this.#options.sql, this.#name)) ?? this.#position!;
    this.#position = from;
    this.#waiters.advance(from);
    // A send that fails ends the subscription at once, even when no batch comes after it.
    const sendFailed = new AbortController();
    this.#sendFailed = sendFailed;
    try {
      await this.#options.input.follow({
        from,
        batchSize: this.#batchSize,
        stopping: AbortSignal.any([this.#term, sendFailed.signal]),
        handle: (batch) => this.#relayBatch(batch),
      });
      sendFailed.signal.throwIfAborted();
    } finally {
      // Whatever was acknowledged gets its checkpoint (a failed write only means a resend).
      await Promise.allSettled(this.#inFlight);
      await this.#saving;
      this.#saveFailure = null;
      this.#unsaved = null;
    }
  }

  async #relayBatch({ messages, read, last, caughtUp }: RelayBatch): Promise<void> {
    if (last) {
      // A relay that lost its lease sends nothing more (one that stops does not either).
      this.#term.throwIfAborted();
      const sends = [...chunks(messages, this.#maxSendBytes)].map((chunk) =>
        this.#options.publisher.publish(chunk),
      );
      this.#track(Promise.all(sends), { last, published: messages.length, skipped: read - messages.length });
      while (this.#inFlight.length >= IN_FLIGHT) await this.#inFlight[0];
    }
    if (caughtUp && !this.#caughtUp) {
      await Promise.all(this.#inFlight);
      await this.#saving;
      this.#throwIfSaveFailed();
      this.#caughtUp = true;
      this.#logger.info(
        {
          relay: this.#name,
          position: formatPosition(this.#position!),
          eventsPublished: this.#eventsPublished,
        },
        'relay caught up',
      );
    }
  }

  /**
   * Counts a batch handed to the publisher as acknowledged once its sends and every earlier
   * batch's are; the first failure ends the follow (the batches after it are sent again).
   */
  #track(sent: Promise<unknown>, batch: AcknowledgedBatch): void {
    const previous = this.#inFlight.at(-1) ?? Promise.resolve();
    // Both awaited at once: a send that fails after an earlier batch failed is handled too.
    const settled = Promise.all([previous, sent]).then(() => this.#acknowledged(batch));
    this.#inFlight.push(settled);
    const done = () => this.#inFlight.splice(this.#inFlight.indexOf(settled), 1);
    const sendFailed = this.#sendFailed;
    settled.then(done, (error: unknown) => {
      done();
      sendFailed.abort(error);
    });
  }

  #acknowledged({ last, published, skipped }: AcknowledgedBatch): void {
    this.#batchesPublished += 1;
    this.#throwIfSaveFailed();
    // The broker has the batch: its checkpoint is written while the next batches go out.
    this.#unsaved = {
      last,
      published: (this.#unsaved?.published ?? 0) + published,
      skipped: (this.#unsaved?.skipped ?? 0) + skipped,
    };
    this.#saving ??= this.#saveAcknowledged();
  }

  /**
   * Moves the checkpoint to the last acknowledged event, again and again while batches keep being
   * acknowledged meanwhile: one write covers whatever was acknowledged during the previous one, so
   * a slow database costs fewer checkpoint writes, never a held-up send.
   */
  async #saveAcknowledged(): Promise<void> {
    try {
      while (this.#unsaved !== null) {
        const { last, published, skipped } = this.#unsaved;
        this.#unsaved = null;
        const expected = this.#position!;
        await this.#checkpoints.move(this.#options.sql, this.#name, expected, last.position);
        this.#position = last.position;
        this.#eventsPublished += published;
        this.#eventsSkipped += skipped;
        this.#lastEventOccurredAt = last.occurredAt;
        this.#lastError = null;
        this.#retryMs = 0;
        this.#waiters.advance(last.position);
      }
    } catch (error) {
      // Reported by the next batch (which then starts over from the stored checkpoint).
      this.#saveFailure = { error };
    } finally {
      this.#saving = null;
    }
  }

  #throwIfSaveFailed(): void {
    if (this.#saveFailure !== null) throw this.#saveFailure.error;
  }
}

/** What a batch's acknowledgement lets the checkpoint cover. */
interface AcknowledgedBatch {
  readonly last: LoggedEvent;
  readonly published: number;
  readonly skipped: number;
}

/** Consecutive runs of messages whose values add up to at most `maxBytes` (at least one each). */
function* chunks(messages: readonly SizedMessage[], maxBytes: number): Generator<OutboundMessage[]> {
  let chunk: OutboundMessage[] = [];
  let bytes = 0;
  for (const { message, bytes: size } of messages) {
    if (chunk.length > 0 && bytes + size > maxBytes) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(message);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}
