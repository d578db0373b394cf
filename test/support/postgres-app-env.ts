import { TEST_DATABASE_URL } from '#event-store/testing/postgres-test-database.js';

/** The environment of an app on the test PostgreSQL server, in `schema` (one per suite). */
export const postgresAppEnv = (schema: string) => ({
  EVENT_STORE: 'postgres',
  DATABASE_URL: TEST_DATABASE_URL,
  DATABASE_SCHEMA: schema,
  ROSTER_SECRET: 's'.repeat(40),
});
