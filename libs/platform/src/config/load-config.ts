import type { Config } from './config.js';
import { ConfigError } from './config-error.js';

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const EVENT_STORES = ['pglite', 'postgres', 'esdb'] as const;
/** Plain lower-case identifiers, short enough for the NOTIFY channels derived from them. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

/** Reads and validates the configuration; throws one `ConfigError` naming every bad variable. */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const eventStore = read.oneOf('EVENT_STORE', EVENT_STORES, 'pglite');
  const kafkaBrokers = read.list('KAFKA_BROKERS');
  const config: Config = {
    port: read.integer('PORT', 3000, 0, 65535),
    dataDir: read.text('DATA_DIR') ?? './data',
    eventStore,
    eventStoreUrl: read.text('EVENTSTORE_URL'),
    databaseUrl: read.text('DATABASE_URL'),
    databaseSchema: read.matching('DATABASE_SCHEMA', SCHEMA_NAME, 'roster'),
    kafkaBrokers,
    kafkaTopicPrefix: read.text('KAFKA_TOPIC_PREFIX') ?? 'roster',
    accountKey: read.text('ROSTER_ACCOUNT_KEY'),
    secret: read.text('ROSTER_SECRET'),
    roles: read.list('ROSTER_ROLES', ['admin', 'member', 'viewer']),
    rateLimitPerMinute: read.integer('RATE_LIMIT_PER_MINUTE', 6000, 0),
    loginFailuresPerMinute: read.integer('LOGIN_FAILURES_PER_MINUTE', 10, 1),
    argon2MemoryKib: read.integer('ARGON2_MEMORY_KIB', 19456, 8),
    argon2Passes: read.integer('ARGON2_PASSES', 2, 1),
    readYourWritesTimeoutMs: read.integer('READ_YOUR_WRITES_TIMEOUT_MS', 2000, 0),
    runProjector: read.boolean('RUN_PROJECTOR', true),
    runRelay: read.boolean('RUN_RELAY', kafkaBrokers.length > 0),
    corsOrigins: read.list('CORS_ORIGINS'),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
  };
  problems.push(...crossFieldProblems(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function crossFieldProblems(config: Config): string[] {
  const problems: string[] = [];
  const needsServer = config.eventStore !== 'pglite';
  if (needsServer && !config.databaseUrl) {
    problems.push(`DATABASE_URL is required when EVENT_STORE=${config.eventStore} (read models live there)`);
  }
  if (config.eventStore === 'esdb' && !config.eventStoreUrl) {
    problems.push('EVENTSTORE_URL is required when EVENT_STORE=esdb');
  }
  if (config.secret !== null && config.secret.length < 32) {
    problems.push('ROSTER_SECRET must be at least 32 characters');
  }
  if (config.runRelay && config.kafkaBrokers.length === 0) {
    problems.push('RUN_RELAY=true needs KAFKA_BROKERS');
  }
  return problems;
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  text(name: string): string | null {
    const value = this.env[name]?.trim();
    return value ? value : null;
  }

  list(name: string, fallback: readonly string[] = []): readonly string[] {
    const value = this.text(name);
    if (value === null) return fallback;
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  integer(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.text(name);
    if (value === null) return fallback;
    const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return parsed;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.text(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes'].includes(value)) return true;
    if (['false', '0', 'no'].includes(value)) return false;
    this.problems.push(`${name} must be true or false, got "${value}"`);
    return fallback;
  }

  matching(name: string, pattern: RegExp, fallback: string): string {
    const value = this.text(name);
    if (value === null) return fallback;
    if (pattern.test(value)) return value;
    this.problems.push(`${name} must match ${pattern.source}, got "${value}"`);
    return fallback;
  }

  oneOf<const T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.text(name);
    if (value === null) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
    return fallback;
  }
}
