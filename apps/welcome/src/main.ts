import { createServer } from 'node:http';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pgliteExecutor, poolExecutor, type SqlExecutor } from '#event-store';
import { logProcessWarnings } from '#messaging';
import { ConfigError, createMetricsRegistry, createRootLogger, loadConfig, type Config } from '#platform';
import { loadWelcomeConfig } from './welcome-config.js';
import { startWelcome } from './welcome-service.js';

/** Its own database: PostgreSQL at `DATABASE_URL` (schema `WELCOME_SCHEMA`), else PGlite in `DATA_DIR/welcome`. */
async function openDatabase(config: Config): Promise<{ sql: SqlExecutor; close(): Promise<void> }> {
  if (config.databaseUrl !== null) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl });
    pool.on('error', () => undefined); // a dropped idle connection; the next query opens another
    return { sql: poolExecutor(pool), close: () => pool.end() };
  }
  const pglite = await PGlite.create(join(config.dataDir, 'welcome'));
  return { sql: pgliteExecutor(pglite), close: () => pglite.close() };
}

/** The example downstream service: welcome messages and member counts from Roster's events. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const welcome = loadWelcomeConfig(process.env, config);
  const logger = createRootLogger(config, 'roster-welcome');
  logProcessWarnings(logger);
  const database = await openDatabase(config);
  const registry = createMetricsRegistry();
  const consumer = await startWelcome({
    brokers: config.kafkaBrokers,
    topicPrefix: config.kafkaTopicPrefix,
    groupId: welcome.groupId,
    sql: database.sql,
    schema: welcome.schema,
    logger,
    registry,
    sessionTimeoutMs: welcome.sessionTimeoutMs,
    dedupeRetentionMs: welcome.dedupeRetentionMs,
  });
  const metrics = createServer((request, response) => {
    if (request.url !== '/metrics') return void response.writeHead(404).end();
    void registry
      .metrics()
      .then((text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text));
  });
  if (welcome.metricsPort > 0) metrics.listen(welcome.metricsPort);
  logger.info({ group: welcome.groupId, metricsPort: welcome.metricsPort }, 'welcome started');
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  logger.info({ signal }, 'welcome stopping');
  metrics.close();
  await consumer.stop();
  await database.close();
  logger.info('welcome stopped');
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError ? `${error.message}\n` : `${String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
