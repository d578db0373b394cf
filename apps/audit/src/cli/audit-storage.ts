import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigError,
  DataDirLockedError,
  loadConfig,
  openStorage,
  type Config,
  type Storage,
} from '#platform';
import type { AuditIo } from './audit-io.js';
import { AuditError, EXIT_USAGE, oneLine } from './audit-error.js';

/** What a command works on: the configuration (as the API reads it) and the storage it names. */
export interface AuditContext {
  readonly io: AuditIo;
  readonly config: Config;
  readonly storage: Storage;
}

/** The configuration from the environment; a bad one is bad usage (exit 2), said on one line. */
export function auditConfig(io: AuditIo): Config {
  try {
    // The CLI's own diagnostics go to stderr; the service's logger stays quiet.
    return loadConfig({ ...io.env, LOG_LEVEL: 'silent' });
  } catch (error) {
    if (error instanceof ConfigError) throw new AuditError(oneLine(error.message), EXIT_USAGE);
    throw error;
  }
}

/**
 * Opens the storage the configuration names, runs `work` on it and closes it. The embedded store
 * refuses while another process (the API) holds its data directory: one line naming that process.
 */
export async function withStorage<T>(io: AuditIo, work: (context: AuditContext) => Promise<T>): Promise<T> {
  const config = auditConfig(io);
  // Opening a missing embedded store would create an empty one and report on nothing.
  if (config.eventStore === 'pglite' && !existsSync(join(config.dataDir, 'pglite'))) {
    throw new AuditError(
      `No embedded store in DATA_DIR=${config.dataDir} (set DATA_DIR to the API's data directory)`,
    );
  }
  let storage: Storage;
  try {
    storage = await openStorage(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new AuditError(oneLine(error.message));
    throw new AuditError(
      `Cannot open the ${config.eventStore} store: ${oneLine(String((error as Error).message ?? error))}`,
    );
  }
  try {
    return await work({ io, config, storage });
  } finally {
    await storage.close();
  }
}
