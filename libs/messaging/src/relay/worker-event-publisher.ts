import { Worker } from 'node:worker_threads';
import type { OutboundMessage } from '../envelope/cloud-event.js';
import type { KafkaEventPublisherOptions } from '../kafka/kafka-event-publisher.js';
import { SILENT_MESSAGING_LOGGER, type MessagingLogger } from '../messaging-logger.js';
import type { EventPublisher } from './event-publisher.js';
import type {
  FromPublisher,
  PublisherCall,
  PublisherStart,
  ToPublisher,
} from './relay-publisher-protocol.js';
import { toWireMessages } from './wire-messages.js';

/** How long a closing publisher may take to disconnect before its thread is terminated. */
const CLOSE_GRACE_MS = 5000;

/** The publisher thread's script beside this module in its own form: the .js of a build, or the .ts of the sources. */
const RELAY_PUBLISHER = new URL(
  `./relay-publisher.worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

interface Thread {
  readonly worker: Worker;
  /** Resolves once the thread has exited and its unanswered calls are rejected. */
  readonly exited: Promise<void>;
}

interface Call {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The Kafka producer (`KafkaEventPublisher`) on a thread of its own, for a relay that reads the log
 * on its own thread (the embedded store can be read nowhere else): one thread reads the next batch
 * while the other sends this one, and kafkajs's encoding stays off the thread that serves the API.
 * A thread is started on the first call after each close; its exit rejects the calls left in flight.
 */
export class WorkerEventPublisher implements EventPublisher {
  readonly topic: string;
  readonly #start: PublisherStart;
  readonly #logger: MessagingLogger;
  readonly #calls = new Map<number, Call>();
  #nextId = 0;
  #thread: Thread | null = null;

  constructor(options: KafkaEventPublisherOptions) {
    const { logger, ...start } = options;
    this.topic = options.topic;
    this.#start = start;
    this.#logger = logger ?? SILENT_MESSAGING_LOGGER;
  }

  connect(): Promise<void> {
    return this.#call({ kind: 'connect' });
  }

  async publish(messages: readonly OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.#call({ kind: 'publish', messages: toWireMessages(messages) });
  }

  async close(): Promise<void> {
    const thread = this.#thread;
    if (thread === null) return;
    const timer = setTimeout(() => void thread.worker.terminate(), CLOSE_GRACE_MS);
    try {
      await this.#call({ kind: 'close' });
    } finally {
      await thread.exited;
      clearTimeout(timer);
    }
  }

  #call(call: PublisherCall): Promise<void> {
    const { worker } = this.#thread ?? this.#startThread();
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      this.#calls.set(id, { resolve, reject });
      // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a thread, not a window
      worker.postMessage({ ...call, id } satisfies ToPublisher);
    });
  }

  #startThread(): Thread {
    const worker = new Worker(RELAY_PUBLISHER, { workerData: this.#start });
    worker.on('message', (message: FromPublisher) => this.#received(message));
    // An error ends the thread too: the exit below rejects what it left unanswered.
    worker.on('error', (error) =>
      this.#logger.error({ err: error.message }, "the relay's publisher thread failed"),
    );
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve)).then((code) => {
      this.#thread = null;
      const gone = new Error(`the relay's publisher thread exited (code ${String(code)})`);
      for (const call of this.#calls.values()) call.reject(gone);
      this.#calls.clear();
    });
    this.#thread = { worker, exited };
    return this.#thread;
  }

  #received(message: FromPublisher): void {
    if (message.kind === 'log') {
      this.#logger[message.level](message.object, message.message);
      return;
    }
    const call = this.#calls.get(message.id);
    this.#calls.delete(message.id);
    if (message.kind === 'done') call?.resolve();
    else call?.reject(new Error(message.message));
  }
}
