import { ConfigError, type Config } from '#platform';

/**
 * What the API needs beyond the shared configuration: on a server store several API processes
 * serve the same users, so they must derive the same user keys from one `ROSTER_SECRET` (a secret
 * generated into one process's `DATA_DIR` would differ per process). Throws a `ConfigError`.
 */
export function checkApiConfig(config: Config): void {
  if (config.eventStore !== 'pglite' && config.secret === null) {
    throw new ConfigError([
      `ROSTER_SECRET is required by the API when EVENT_STORE=${config.eventStore} (user keys derive from it)`,
    ]);
  }
}
