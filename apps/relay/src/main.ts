import { formatPosition } from '#event-store';
import { logProcessWarnings } from '#messaging';
import { ConfigError, createRootLogger, loadConfig } from '#platform';
import { startRelayProcess } from './relay-process.js';

/** The event store → Kafka relay as its own process: runs until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createRootLogger(config, 'roster-relay');
  logProcessWarnings(logger);
  const running = await startRelayProcess(config, logger);
  logger.info({ eventStore: config.eventStore, brokers: config.kafkaBrokers }, 'relay started');
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  const { name, position, ...status } = running.relay.status();
  logger.info(
    { signal, relay: name, ...status, position: position && formatPosition(position) },
    'relay stopping',
  );
  await running.stop();
  logger.info('relay stopped');
}

main().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: one clear message, no stack trace.
  process.stderr.write(
    error instanceof ConfigError ? `${error.message}\n` : `${String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
