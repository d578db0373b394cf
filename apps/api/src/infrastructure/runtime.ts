import type { Logger } from 'pino';
import type { EventStore } from '#event-store';
import { createRelay, type Relay } from '#messaging';
import type { Config, Storage } from '#platform';
import {
  CheckpointWatcher,
  pgliteNotifications,
  postgresNotifications,
  Projector,
  READ_MODEL_PROJECTIONS,
  type ProjectionProgress,
} from '#read-models';

/**
 * The long-running parts of the API process: the storage, either the in-process projector
 * (`RUN_PROJECTOR`) or a watcher of the standalone projector's checkpoint, and the Kafka relay
 * (`RUN_RELAY`), which never holds up a write: it follows the log on its own checkpoint.
 */
export interface Runtime {
  readonly config: Config;
  readonly storage: Storage;
  readonly logger: Logger;
  readonly progress: ProjectionProgress;
  readonly projector: Projector | null;
  readonly relay: Relay | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How many applied events make the in-process projector refresh PGlite's statistics. */
const ANALYZE_EVERY_EVENTS = 10_000;

export function createRuntime(config: Config, storage: Storage, logger: Logger): Runtime {
  const store: EventStore = storage.store;
  const projector = config.runProjector
    ? new Projector({
        store,
        sql: storage.sql,
        schema: config.databaseSchema,
        projections: READ_MODEL_PROJECTIONS,
        logger: logger.child({ component: 'projector' }),
        // PGlite never analyzes on its own.
        ...(storage.database.kind === 'pglite' && { analyzeEvery: ANALYZE_EVERY_EVENTS }),
      })
    : null;
  const watcher =
    projector === null
      ? new CheckpointWatcher({
          sql: storage.sql,
          schema: config.databaseSchema,
          notifications:
            storage.database.kind === 'pglite'
              ? pgliteNotifications(storage.database.pglite)
              : postgresNotifications(storage.database.pool.options),
        })
      : null;
  const relay = config.runRelay ? createRelay(config, storage, logger.child({ component: 'relay' })) : null;
  return {
    config,
    storage,
    logger,
    progress: (projector ?? watcher)!,
    projector,
    relay,
    async start() {
      await projector?.start();
      await watcher?.start();
      await relay?.start();
    },
    async stop() {
      await relay?.stop();
      await projector?.stop();
      await watcher?.close();
      await storage.close();
    },
  };
}
