// The relay's publisher thread (`WorkerEventPublisher`): a Kafka producer of its own, driven call by
// call from the relay's thread, its client's log lines sent back to the relay's logger.
import { parentPort, workerData } from 'node:worker_threads';
// Modules, not the library's index, which loads every adapter.
import { KafkaEventPublisher } from '../kafka/kafka-event-publisher.js';
import { logProcessWarnings } from '../kafka/process-warnings.js';
import type { MessagingLogger } from '../messaging-logger.js';
import type { FromPublisher, LogLevel, PublisherStart, ToPublisher } from './relay-publisher-protocol.js';
import { fromWireMessages } from './wire-messages.js';

const port = parentPort!;
const send = (message: FromPublisher) => port.postMessage(message);
const forward =
  (level: LogLevel) =>
  (object: object, message: string): void =>
    send({ kind: 'log', level, object, message });
const logger: MessagingLogger = {
  debug: forward('debug'),
  info: forward('info'),
  warn: forward('warn'),
  error: forward('error'),
};
// A thread has a process of its own, whose warnings would go to stderr as plain text.
logProcessWarnings(logger);
const publisher = new KafkaEventPublisher({ ...(workerData as PublisherStart), logger });

async function answer(call: ToPublisher): Promise<void> {
  try {
    if (call.kind === 'connect') await publisher.connect();
    else if (call.kind === 'publish') await publisher.publish(fromWireMessages(call.messages));
    else await publisher.close();
    send({ kind: 'done', id: call.id });
  } catch (error) {
    send({ kind: 'failed', id: call.id, message: error instanceof Error ? error.message : String(error) });
  }
  if (call.kind === 'close') port.close();
}

// One call at a time, in the order sent, as the relay makes them.
let calls = Promise.resolve();
port.on('message', (call: ToPublisher) => {
  calls = calls.then(() => answer(call));
});
