import { formatPosition } from '#event-store';
import { ConfigError, createRootLogger, loadConfig } from '#platform';
import { startProjectorProcess } from './projector-process.js';

/** The read-model projector as its own process: runs until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createRootLogger(config, 'roster-projector');
  const running = await startProjectorProcess(config, logger);
  logger.info({ eventStore: config.eventStore }, 'projector started');
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  const { name, position, ...status } = running.projector.status();
  const fields = { signal, projector: name, ...status, position: position && formatPosition(position) };
  logger.info(fields, 'projector stopping');
  await running.stop();
  logger.info('projector stopped');
}

main().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: one clear message, no stack trace.
  process.stderr.write(
    error instanceof ConfigError ? `${error.message}\n` : `${String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
