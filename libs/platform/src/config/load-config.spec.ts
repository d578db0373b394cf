import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('defaults to the embedded store with Kafka off', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      dataDir: './data',
      databaseSchema: 'roster',
      eventStore: 'pglite',
      kafkaBrokers: [],
      runProjector: true,
      runRelay: false,
      roles: ['admin', 'member', 'viewer'],
      rateLimitPerMinute: 6000,
      argon2MemoryKib: 19456,
      argon2Passes: 2,
      readYourWritesTimeoutMs: 2000,
    });
  });

  it('turns the relay on by default when brokers are configured', () => {
    expect(loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093' })).toMatchObject({
      kafkaBrokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
      runRelay: true,
    });
  });

  it('names every bad variable at once', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', RUN_PROJECTOR: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT must be an integer.*\n.*RUN_PROJECTOR.*\n.*LOG_LEVEL must be one of/s);
  });

  it('requires a database for the server-backed stores, but no secret (only the API needs one)', () => {
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).toThrow(/DATABASE_URL is required/);
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).not.toThrow(/ROSTER_SECRET/);
    expect(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://x' }).secret).toBeNull();
    expect(() => loadConfig({ EVENT_STORE: 'esdb', DATABASE_URL: 'postgres://x' })).toThrow(
      /EVENTSTORE_URL is required/,
    );
  });

  it('rejects a schema name that is not a plain identifier', () => {
    expect(() => loadConfig({ DATABASE_SCHEMA: 'Robert"); DROP' })).toThrow(/DATABASE_SCHEMA must match/);
  });

  it('rejects a short secret and an out-of-range port', () => {
    expect(() => loadConfig({ ROSTER_SECRET: 'short' })).toThrow(/ROSTER_SECRET must be at least 32/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be an integer from 0 to 65535/);
  });
});
