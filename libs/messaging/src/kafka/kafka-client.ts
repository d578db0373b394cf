// The only folder that imports kafkajs: a move to another client (e.g. @platformatic/kafka) rewrites
// this folder and nothing else.
import kafkajs, { type Kafka, type LogEntry } from 'kafkajs';
import type { MessagingLogger } from '../messaging-logger.js';

const { Kafka: KafkaClient, logLevel } = kafkajs;

/** kafkajs lines that are expected and explained where they arise: logged at debug. */
const EXPECTED = new Set([
  // kafka-event-publisher.ts bounds the idempotent producer's retries on purpose.
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: MessagingLogger;
}

/**
 * A kafkajs client whose own logs (warnings and errors, without stacks) go to our logger as
 * warnings: the relay and the consumer kit report failures themselves, kafkajs's lines are the
 * detail. Its retries are short: the callers retry with their own backoff, which they can stop.
 */
export function createKafkaClient({ brokers, clientId, logger }: KafkaClientOptions): Kafka {
  return new KafkaClient({
    clientId,
    brokers: [...brokers],
    connectionTimeout: 3000,
    retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, log }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _logger, stack: _stack, ...fields } = log;
        const write = EXPECTED.has(message) ? logger.debug : logger.warn;
        write.call(logger, { kafkajs: namespace, ...fields }, message);
      },
  });
}

/** The kafkajs error name of anything thrown (for logs and status). */
export function describeKafkaError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message !== error.message
    ? `${error.message} (${cause.message})`
    : error.message;
}
