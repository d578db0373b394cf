import type { Logger } from 'pino';
import { openStorage, type Config, type Storage } from '#platform';
import { Projector, READ_MODEL_PROJECTIONS } from '#read-models';

/** A running standalone projector: the storage it opened and the projector that follows the log. */
export interface ProjectorProcess {
  readonly storage: Storage;
  readonly projector: Projector;
  /** Stops after the batch in flight and closes the storage. */
  stop(): Promise<void>;
}

/**
 * Opens the storage `EVENT_STORE` names and starts the read-model projector on it. On PostgreSQL
 * it runs beside the API (whose `RUN_PROJECTOR=false` then waits on the checkpoint via NOTIFY);
 * on PGlite the data directory's lock makes it refuse while the API holds the database.
 */
export async function startProjectorProcess(config: Config, logger: Logger): Promise<ProjectorProcess> {
  const storage = await openStorage(config);
  const projector = new Projector({
    store: storage.store,
    sql: storage.sql,
    schema: config.databaseSchema,
    projections: READ_MODEL_PROJECTIONS,
    logger: logger.child({ component: 'projector' }),
    // PGlite never analyzes on its own.
    ...(storage.database.kind === 'pglite' && { analyzeEvery: 10_000 }),
  });
  try {
    await projector.start();
  } catch (error) {
    await storage.close();
    throw error;
  }
  return {
    storage,
    projector,
    async stop() {
      await projector.stop();
      await storage.close();
    },
  };
}
