import { on, once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { RelayFollow, RelayInput } from './relay-input.js';
import {
  fromWire,
  type FromReader,
  type PostgresStoreLocation,
  type ReaderStart,
  type ToReader,
} from './relay-reader-protocol.js';

/** Batches the reader thread keeps ready: one being sent, one waiting, and it reads the next meanwhile. */
const READ_AHEAD = 2;
/** How long a stopped reader may take to close its connections before it is terminated. */
const STOP_GRACE_MS = 5000;

/** The reader thread's script beside this module in its own form: the .js of a build, or the .ts of the sources. */
const RELAY_READER = new URL(
  `./relay-reader.worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

/**
 * The relay's input on a thread of its own, on PostgreSQL. Reading the log and making the messages
 * cost the relay's thread as much as the sends (about 8 of 22 µs an event); on their own thread
 * they run while the relay's thread only sends, so the relay is about as fast as the producer.
 * Each follow starts a reader with its own connections, and ends it. Run from the TypeScript
 * sources, the thread needs the module hooks that process runs with (test/support/ts-register.mjs):
 * threads inherit them.
 */
export function workerRelayInput(store: PostgresStoreLocation): RelayInput {
  let pending = 0;
  return {
    get pending() {
      return pending;
    },
    async follow({ from, batchSize, stopping, handle }: RelayFollow): Promise<void> {
      const start: ReaderStart = { store, from, batchSize, ahead: READ_AHEAD };
      const thread = new Worker(RELAY_READER, { workerData: start });
      // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a thread, not a window
      const tell = (message: ToReader) => thread.postMessage(message);
      const stop = () => tell({ kind: 'stop' });
      stopping.addEventListener('abort', stop, { once: true });
      const exited = once(thread, 'exit');
      // Counted as they arrive: batches the reader handed over wait here until they are handled.
      const arrived = (message: FromReader) => {
        if (message.kind === 'batch') pending += message.batch.read;
      };
      thread.on('message', arrived);
      try {
        for await (const [message] of readerMessages(thread, exited)) {
          const received = message as FromReader;
          if (received.kind === 'failed') throw new Error(received.message);
          if (received.kind === 'end') return;
          if (stopping.aborted) return;
          pending -= received.batch.read;
          await handle(fromWire(received.batch));
          tell({ kind: 'next' });
        }
      } finally {
        thread.off('message', arrived);
        pending = 0;
        stopping.removeEventListener('abort', stop);
        stop();
        const timer = setTimeout(() => void thread.terminate(), STOP_GRACE_MS);
        await exited.catch(() => undefined);
        clearTimeout(timer);
      }
    },
  };
}

/** The reader's messages until it exits; its uncaught error is thrown, an exit without 'end' too. */
async function* readerMessages(reader: Worker, exited: Promise<unknown[]>): AsyncGenerator<unknown[]> {
  const gone = new AbortController();
  void exited.then(
    ([code]) => gone.abort(new Error(`the relay's reader thread exited (code ${String(code)})`)),
    (error: unknown) => gone.abort(error),
  );
  try {
    yield* on(reader, 'message', { signal: gone.signal });
  } catch (error) {
    throw gone.signal.aborted ? gone.signal.reason : error;
  }
}
