import { ConfigError, loadConfig } from '#platform';
import { loadWelcomeConfig } from './welcome-config.js';

describe('loadWelcomeConfig', () => {
  const base = loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092' });

  it('has defaults for everything but the brokers', () => {
    expect(loadWelcomeConfig({}, base)).toEqual({
      groupId: 'roster-welcome',
      schema: 'welcome',
      metricsPort: 9464,
      sessionTimeoutMs: 30_000,
      dedupeRetentionMs: 7 * 24 * 3_600_000,
    });
    expect(loadWelcomeConfig({ WELCOME_DEDUPE_RETENTION_HOURS: '24' }, base).dedupeRetentionMs).toBe(
      86_400_000,
    );
  });

  it('names every bad variable at once, and requires KAFKA_BROKERS', () => {
    const attempt = () =>
      loadWelcomeConfig(
        { WELCOME_GROUP_ID: 'no spaces', WELCOME_SCHEMA: 'Welcome', WELCOME_METRICS_PORT: '99999' },
        loadConfig({}),
      );
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /KAFKA_BROKERS.*\n.*WELCOME_GROUP_ID.*\n.*WELCOME_SCHEMA.*\n.*WELCOME_METRICS_PORT/s,
    );
    expect(() => loadWelcomeConfig({ WELCOME_SESSION_TIMEOUT_MS: '100' }, base)).toThrow(
      /WELCOME_SESSION_TIMEOUT_MS/,
    );
    for (const bad of ['0', '1.5', 'a week'])
      expect(() => loadWelcomeConfig({ WELCOME_DEDUPE_RETENTION_HOURS: bad }, base)).toThrow(
        /WELCOME_DEDUPE_RETENTION_HOURS/,
      );
  });
});
