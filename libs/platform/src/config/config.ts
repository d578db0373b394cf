/** The whole service configuration, read once from the environment and validated at start. */
export interface Config {
  readonly port: number;
  readonly dataDir: string;
  readonly eventStore: 'pglite' | 'postgres' | 'esdb';
  readonly eventStoreUrl: string | null;
  readonly databaseUrl: string | null;
  /** PostgreSQL schema of the event store and the read models (several deployments can share a database). */
  readonly databaseSchema: string;
  readonly kafkaBrokers: readonly string[];
  readonly kafkaTopicPrefix: string;
  readonly accountKey: string | null;
  /** `ROSTER_SECRET`: only the API uses it (user keys derive from it), so only the API requires it. */
  readonly secret: string | null;
  readonly roles: readonly string[];
  /** Requests per key per minute; 0 disables the limit. */
  readonly rateLimitPerMinute: number;
  /** Failed `user/auth/` attempts per instance+username per minute. */
  readonly loginFailuresPerMinute: number;
  readonly argon2MemoryKib: number;
  readonly argon2Passes: number;
  readonly readYourWritesTimeoutMs: number;
  readonly runProjector: boolean;
  readonly runRelay: boolean;
  readonly corsOrigins: readonly string[];
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}
