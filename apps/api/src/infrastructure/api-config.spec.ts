import { ConfigError, loadConfig } from '#platform';
import { createApp } from '../create-app.js';
import { checkApiConfig } from './api-config.js';

describe('checkApiConfig', () => {
  const server = { EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://127.0.0.1:1/nowhere' };

  it('requires ROSTER_SECRET on a server store, where every API process must derive the same keys', () => {
    expect(() => checkApiConfig(loadConfig(server))).toThrow(ConfigError);
    expect(() => checkApiConfig(loadConfig(server))).toThrow(/ROSTER_SECRET is required by the API/);
    expect(() => checkApiConfig(loadConfig({ ...server, ROSTER_SECRET: 's'.repeat(32) }))).not.toThrow();
  });

  it('lets the embedded store generate its secret into DATA_DIR', () => {
    expect(() => checkApiConfig(loadConfig({}))).not.toThrow();
  });

  it('is what createApp checks first, before it opens the storage', async () => {
    // The database address is unreachable: only the configuration check can answer this fast.
    await expect(createApp(loadConfig({ ...server, LOG_LEVEL: 'silent' }))).rejects.toThrow(ConfigError);
  });
});
