import type { Logger } from 'pino';
import { createRelay, type Relay } from '#messaging';
import { ConfigError, openStorage, type Config, type Storage } from '#platform';

/** A running standalone relay: the storage it opened and the relay that follows the log. */
export interface RelayProcess {
  readonly storage: Storage;
  readonly relay: Relay;
  /** Stops after the batch in flight and closes the storage. */
  stop(): Promise<void>;
}

/**
 * Opens the storage `EVENT_STORE` names and starts the relay on it, beside an API that runs with
 * `RUN_RELAY=false` (else one of the two stands by: one relay publishes per checkpoint). On PGlite the data directory's lock makes it refuse while the API holds the
 * database (run the relay in the API process there). A broker that is down is not an error: the
 * relay keeps retrying.
 */
export async function startRelayProcess(config: Config, logger: Logger): Promise<RelayProcess> {
  if (config.kafkaBrokers.length === 0) throw new ConfigError(['KAFKA_BROKERS is required by the relay']);
  const storage = await openStorage(config);
  const relay = createRelay(config, storage, logger.child({ component: 'relay' }));
  try {
    await relay.start();
  } catch (error) {
    await storage.close();
    throw error;
  }
  return {
    storage,
    relay,
    async stop() {
      await relay.stop();
      await storage.close();
    },
  };
}
