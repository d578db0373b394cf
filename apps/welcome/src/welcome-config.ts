import { ConfigError, type Config } from '#platform';

/** The welcome service's own settings, beside the shared `Config` (brokers, prefix, database). */
export interface WelcomeConfig {
  /** `WELCOME_GROUP_ID`, default `roster-welcome`: its consumer group; dead letters go to `{group}.dlq`. */
  readonly groupId: string;
  /** `WELCOME_SCHEMA`, default `welcome`: where its tables live in its database. */
  readonly schema: string;
  /** `WELCOME_METRICS_PORT`, default 9464 (0: off): `GET /metrics` with the consumer's lag. */
  readonly metricsPort: number;
  /** `WELCOME_SESSION_TIMEOUT_MS`, default 30000: how soon the group hands a dead member's partitions on. */
  readonly sessionTimeoutMs: number;
  /** `WELCOME_DEDUPE_RETENTION_HOURS`, default 168 (Kafka's topic retention): how long dedupe records are kept. */
  readonly dedupeRetentionMs: number;
}

/** Reads the `WELCOME_*` variables; throws one `ConfigError` naming every bad one. */
export function loadWelcomeConfig(
  env: Readonly<Record<string, string | undefined>>,
  config: Config,
): WelcomeConfig {
  const problems: string[] = [];
  if (config.kafkaBrokers.length === 0) problems.push('KAFKA_BROKERS is required by the welcome service');
  const groupId = env['WELCOME_GROUP_ID']?.trim() || 'roster-welcome';
  if (!/^[a-zA-Z0-9._-]{1,200}$/.test(groupId))
    problems.push(`WELCOME_GROUP_ID must match [a-zA-Z0-9._-]{1,200}`);
  const schema = env['WELCOME_SCHEMA']?.trim() || 'welcome';
  if (!/^[a-z_][a-z0-9_]{0,49}$/.test(schema))
    problems.push('WELCOME_SCHEMA must be a lower-case identifier');
  const port = env['WELCOME_METRICS_PORT']?.trim() || '9464';
  const metricsPort = /^\d+$/.test(port) ? Number(port) : NaN;
  if (!(metricsPort >= 0 && metricsPort <= 65535))
    problems.push(`WELCOME_METRICS_PORT must be 0 to 65535, got "${port}"`);
  const session = env['WELCOME_SESSION_TIMEOUT_MS']?.trim() || '30000';
  const sessionTimeoutMs = /^\d+$/.test(session) ? Number(session) : NaN;
  // The broker's bounds by default (group.min/max.session.timeout.ms).
  if (!(sessionTimeoutMs >= 6000 && sessionTimeoutMs <= 1_800_000)) {
    problems.push(`WELCOME_SESSION_TIMEOUT_MS must be 6000 to 1800000, got "${session}"`);
  }
  const retention = env['WELCOME_DEDUPE_RETENTION_HOURS']?.trim() || '168';
  const retentionHours = /^\d+$/.test(retention) ? Number(retention) : NaN;
  if (!(retentionHours >= 1 && retentionHours <= 87_600))
    problems.push(`WELCOME_DEDUPE_RETENTION_HOURS must be 1 to 87600, got "${retention}"`);
  if (problems.length > 0) throw new ConfigError(problems);
  return { groupId, schema, metricsPort, sessionTimeoutMs, dedupeRetentionMs: retentionHours * 3_600_000 };
}
