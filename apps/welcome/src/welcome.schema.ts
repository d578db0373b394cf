import type { SqlExecutor } from '#event-store';

/**
 * The service's own tables. `welcome_messages` has no unique key on the user on purpose: "one row
 * per user" holds because the consumer kit applies each event once (a redelivery is a no-op), and
 * the integration tests prove it; a copy of this service may of course add one.
 */
export async function migrateWelcome(sql: SqlExecutor, schema: string): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('roster.welcome.schema'))`);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await tx.query(`CREATE TABLE IF NOT EXISTS "${schema}".welcome_messages (
       id         bigserial PRIMARY KEY,
       instance   text NOT NULL,
       user_id    integer NOT NULL,
       username   text NOT NULL,
       message    text NOT NULL,
       event_id   text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`);
    await tx.query(`CREATE TABLE IF NOT EXISTS "${schema}".group_member_counts (
       instance text NOT NULL,
       group_id integer NOT NULL,
       members  integer NOT NULL,
       PRIMARY KEY (instance, group_id)
     )`);
  });
}
