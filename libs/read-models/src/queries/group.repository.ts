import type { SqlExecutor } from '#event-store';
import { DEFAULT_READ_MODEL_SCHEMA, quoteSchema } from '../schema/schema-name.js';
import { keyset, type PageRequest } from './page.js';
import { groupColumns, userColumns, type GroupRow, type UserRow } from './rows.js';
import { StatementCache } from './statement-cache.js';

/** Groups of an instance (deleted ones are gone) and their members. */
export class GroupRepository {
  readonly #s: string;
  readonly #statements = new StatementCache('groups');

  constructor(
    private readonly sql: SqlExecutor,
    schema: string = DEFAULT_READ_MODEL_SCHEMA,
  ) {
    this.#s = quoteSchema(schema);
  }

  /** A page of groups by id (up to `pageSize + 1` rows). */
  async list(instance: string, page: PageRequest): Promise<GroupRow[]> {
    const k = keyset('g.id', page, 2);
    const statement = this.#statements.get(
      `list_${k.variant}`,
      () =>
        `SELECT ${groupColumns('g')} FROM ${this.#s}.groups g
        WHERE g.instance = $1 ${k.after} ${k.orderBy} LIMIT ${k.limit}`,
    );
    return this.sql.query<GroupRow>(statement, [instance, ...k.params]);
  }

  async get(instance: string, id: number): Promise<GroupRow | null> {
    const statement = this.#statements.get(
      'get',
      () =>
        `SELECT ${groupColumns('g')} FROM ${this.#s}.groups g WHERE g.instance = $1 AND g.id = $2::bigint`,
    );
    const [row] = await this.sql.query<GroupRow>(statement, [instance, id]);
    return row ?? null;
  }

  /** Which of `ids` are groups of the instance, ascending. */
  async existingIds(instance: string, ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const statement = this.#statements.get(
      'existing_ids',
      () =>
        `SELECT g.id FROM ${this.#s}.groups g
        WHERE g.instance = $1 AND g.id IN (SELECT value::bigint FROM jsonb_array_elements_text($2::jsonb))
        ORDER BY g.id`,
    );
    const rows = await this.sql.query<{ id: number }>(statement, [instance, JSON.stringify(ids)]);
    return rows.map((row) => row.id);
  }

  /** A page of the group's members by user id (up to `pageSize + 1` rows). */
  async members(instance: string, groupId: number, page: PageRequest): Promise<UserRow[]> {
    const k = keyset('m.user_id', page, 3);
    const statement = this.#statements.get(
      `members_${k.variant}`,
      () =>
        `SELECT ${userColumns('u')} FROM ${this.#s}.memberships m
         JOIN ${this.#s}.users u ON u.instance = m.instance AND u.id = m.user_id
        WHERE m.instance = $1 AND m.group_id = $2::bigint ${k.after} ${k.orderBy} LIMIT ${k.limit}`,
    );
    return this.sql.query<UserRow>(statement, [instance, groupId, ...k.params]);
  }

  /** The user, if it is a member of the group. */
  async member(instance: string, groupId: number, userId: number): Promise<UserRow | null> {
    const statement = this.#statements.get(
      'member',
      () =>
        `SELECT ${userColumns('u')} FROM ${this.#s}.memberships m
         JOIN ${this.#s}.users u ON u.instance = m.instance AND u.id = m.user_id
        WHERE m.instance = $1 AND m.group_id = $2::bigint AND m.user_id = $3::bigint`,
    );
    const [row] = await this.sql.query<UserRow>(statement, [instance, groupId, userId]);
    return row ?? null;
  }
}
