// The relay's reader thread (`workerRelayInput`): follows the log on its own connections and hands
// the relay finished batches of messages, at most `ahead` batches before the relay sent them.
import { parentPort, workerData } from 'node:worker_threads';
// Modules, not the libraries' indexes: those load every adapter (EventStoreDB's gRPC client, the
// read-model queries), which made the thread take 230 instead of 140 ms to its first batch.
import { openPostgresEventStore } from '#event-store/postgres/postgres-event-store.js';
import { toWire, type FromReader, type ReaderStart, type ToReader } from './relay-reader-protocol.js';
import { storeRelayInput } from './store-relay-input.js';

const start = workerData as ReaderStart;
const port = parentPort!;
const send = (message: FromReader) => port.postMessage(message);
const stopping = new AbortController();
let credit = start.ahead;
let waiting: (() => void) | null = null;

port.on('message', (message: ToReader) => {
  if (message.kind === 'stop') stopping.abort();
  else credit += 1;
  const wake = waiting;
  waiting = null;
  wake?.();
});

/** Takes one batch's credit, waiting for the relay to send one if none is left; false once stopped. */
async function takeCredit(): Promise<boolean> {
  if (credit === 0 && !stopping.signal.aborted) await new Promise<void>((resolve) => (waiting = resolve));
  if (stopping.signal.aborted) return false;
  credit -= 1;
  return true;
}

try {
  const store = await openPostgresEventStore(start.store);
  try {
    await storeRelayInput(store).follow({
      from: start.from,
      batchSize: start.batchSize,
      stopping: stopping.signal,
      handle: async (batch) => {
        if (await takeCredit()) send({ kind: 'batch', batch: toWire(batch) });
      },
    });
  } finally {
    await store.close();
  }
  send({ kind: 'end' });
} catch (error) {
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
} finally {
  port.close();
}
