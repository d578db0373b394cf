import type { SqlExecutor } from '#event-store';
import { quoteSchema } from './schema-name.js';

/** One schema change: applied once per schema, in version order, in one transaction with the others. */
export interface ReadModelMigration {
  readonly version: number;
  readonly name: string;
  readonly statements: (s: string) => readonly string[];
}

/**
 * The read models' tables. Every list is served from an index keyed on (instance, …, id), so a page
 * is a range scan from the cursor: no OFFSET. No foreign keys: a projection must never stall on an
 * ordering it did not expect, and the queries join, so a dangling membership is never seen.
 * Times are timestamptz (microseconds, like the events' `occurredAt`); ids are the domain's integers.
 */
const initial: ReadModelMigration = {
  version: 1,
  name: 'initial',
  statements: (s) => [
    `CREATE TABLE ${s}.projection_checkpoints (
       name             text PRIMARY KEY,
       commit_position  bigint NOT NULL,
       prepare_position bigint NOT NULL,
       updated_at       timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE TABLE ${s}.instances (
       id          integer PRIMARY KEY,
       name        text NOT NULL UNIQUE,
       description text NOT NULL,
       created_at  timestamptz NOT NULL,
       created_by  jsonb,
       deleted_at  timestamptz
     )`,
    `CREATE TABLE ${s}.account_keys (
       id         integer PRIMARY KEY,
       digest     text NOT NULL UNIQUE,
       created_at timestamptz NOT NULL,
       revoked_at timestamptz
     )`,
    `CREATE TABLE ${s}.api_keys (
       instance          text NOT NULL,
       id                integer NOT NULL,
       digest            text NOT NULL UNIQUE,
       description       text NOT NULL,
       allow_user_create boolean NOT NULL,
       ignore_acl        boolean NOT NULL,
       created_at        timestamptz NOT NULL,
       created_by        jsonb,
       updated_at        timestamptz NOT NULL,
       revoked_at        timestamptz,
       PRIMARY KEY (instance, id)
     )`,
    `CREATE TABLE ${s}.users (
       instance       text NOT NULL,
       id             integer NOT NULL,
       username       text NOT NULL,
       username_lower text NOT NULL,
       email          text,
       email_lower    text,
       full_name      text,
       status         text NOT NULL,
       roles          jsonb NOT NULL,
       profile        jsonb NOT NULL,
       key_generation integer NOT NULL,
       revision       integer NOT NULL,
       created_at     timestamptz NOT NULL,
       created_by     jsonb,
       updated_at     timestamptz NOT NULL,
       updated_by     jsonb,
       last_login_at  timestamptz,
       PRIMARY KEY (instance, id)
     )`,
    // Not unique: uniqueness is the event log's (reservations); a read model only mirrors it.
    `CREATE INDEX users_username_idx ON ${s}.users (instance, username_lower, id)`,
    `CREATE INDEX users_email_idx ON ${s}.users (instance, email_lower, id) WHERE email_lower IS NOT NULL`,
    `CREATE INDEX users_status_idx ON ${s}.users (instance, status, id)`,
    `CREATE TABLE ${s}.groups (
       instance    text NOT NULL,
       id          integer NOT NULL,
       label       text NOT NULL,
       description text NOT NULL,
       name        text,
       revision    integer NOT NULL,
       created_at  timestamptz NOT NULL,
       created_by  jsonb,
       updated_at  timestamptz NOT NULL,
       updated_by  jsonb,
       PRIMARY KEY (instance, id)
     )`,
    // The primary key pages a group's members by user id; the reverse index a user's groups by group id.
    `CREATE TABLE ${s}.memberships (
       instance   text NOT NULL,
       group_id   integer NOT NULL,
       user_id    integer NOT NULL,
       created_at timestamptz NOT NULL,
       created_by jsonb,
       PRIMARY KEY (instance, group_id, user_id)
     )`,
    `CREATE INDEX memberships_user_idx ON ${s}.memberships (instance, user_id, group_id)`,
    `CREATE TABLE ${s}.profile_fields (
       instance text NOT NULL,
       key      text NOT NULL,
       type     text NOT NULL,
       PRIMARY KEY (instance, key)
     )`,
  ],
};

/** Every migration, oldest first. Append new ones; never edit an applied one. */
export const READ_MODEL_MIGRATIONS: readonly ReadModelMigration[] = [initial];

/**
 * Creates `schema` and applies the migrations it lacks, idempotently, in one transaction under an
 * advisory lock (concurrent `CREATE … IF NOT EXISTS` can still collide in PostgreSQL's catalogs).
 * Returns the versions it applied.
 */
export async function migrateReadModels(sql: SqlExecutor, schema: string): Promise<number[]> {
  const s = quoteSchema(schema);
  return sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('roster.read-models.schema'))`);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${s}.read_model_migrations (
       version    integer PRIMARY KEY,
       name       text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`);
    const [row] = await tx.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${s}.read_model_migrations`,
    );
    const current = row?.version ?? 0;
    const applied: number[] = [];
    for (const migration of READ_MODEL_MIGRATIONS) {
      if (migration.version <= current) continue;
      for (const statement of migration.statements(s)) await tx.query(statement);
      await tx.query(`INSERT INTO ${s}.read_model_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
