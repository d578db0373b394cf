import { uniquenessKey } from '#domain';
import type { SqlExecutor } from '#event-store';
import { DEFAULT_READ_MODEL_SCHEMA, quoteSchema } from '../schema/schema-name.js';
import { keyset, type PageRequest } from './page.js';
import {
  groupColumns,
  groupSummaryColumns,
  userColumns,
  type GroupRow,
  type GroupSummaryRow,
  type UserRow,
} from './rows.js';
import { StatementCache } from './statement-cache.js';

/** The filters of `GET {i}/users/`: exact matches, username and email case-insensitive. */
export interface UserFilter {
  readonly username?: string;
  readonly email?: string;
  readonly status?: string;
  /** Members of this group only. */
  readonly group?: number;
}

/** Users of an instance (deleted ones are gone) and their groups. */
export class UserRepository {
  readonly #s: string;
  readonly #statements = new StatementCache('users');

  constructor(
    private readonly sql: SqlExecutor,
    schema: string = DEFAULT_READ_MODEL_SCHEMA,
  ) {
    this.#s = quoteSchema(schema);
  }

  /**
   * A page of users by id (up to `pageSize + 1` rows). Each filter combination is its own
   * statement, so the planner picks the index that serves it: (instance, username_lower, id),
   * (instance, email_lower, id), (instance, status, id) or, with `group`, the memberships' key.
   */
  async list(instance: string, filter: UserFilter, page: PageRequest): Promise<UserRow[]> {
    const params: unknown[] = [instance];
    const conditions: string[] = [];
    const variant: string[] = [];
    const add = (name: string, condition: (param: string) => string, value: unknown): void => {
      params.push(value);
      conditions.push(`AND ${condition(`$${params.length}`)}`);
      variant.push(name);
    };
    const byGroup = filter.group !== undefined;
    if (byGroup) add('group', (p) => `m.group_id = ${p}::bigint`, filter.group);
    if (filter.username !== undefined)
      add('username', (p) => `u.username_lower = ${p}`, uniquenessKey(filter.username));
    if (filter.email !== undefined) add('email', (p) => `u.email_lower = ${p}`, uniquenessKey(filter.email));
    if (filter.status !== undefined) add('status', (p) => `u.status = ${p}`, filter.status);
    const k = keyset(byGroup ? 'm.user_id' : 'u.id', page, params.length + 1);
    params.push(...k.params);
    const statement = this.#statements.get(`list_${variant.join('_')}_${k.variant}`, () =>
      byGroup
        ? `SELECT ${userColumns('u')} FROM ${this.#s}.memberships m
             JOIN ${this.#s}.users u ON u.instance = m.instance AND u.id = m.user_id
            WHERE m.instance = $1 ${conditions.join(' ')} ${k.after} ${k.orderBy} LIMIT ${k.limit}`
        : `SELECT ${userColumns('u')} FROM ${this.#s}.users u
            WHERE u.instance = $1 ${conditions.join(' ')} ${k.after} ${k.orderBy} LIMIT ${k.limit}`,
    );
    return this.sql.query<UserRow>(statement, params);
  }

  async get(instance: string, id: number): Promise<UserRow | null> {
    const statement = this.#statements.get(
      'get',
      () => `SELECT ${userColumns('u')} FROM ${this.#s}.users u WHERE u.instance = $1 AND u.id = $2::bigint`,
    );
    const [row] = await this.sql.query<UserRow>(statement, [instance, id]);
    return row ?? null;
  }

  /** The id of the user with this username (case-insensitive), for login; null when none. */
  async findIdByUsername(instance: string, username: string): Promise<number | null> {
    const statement = this.#statements.get(
      'id_by_username',
      () =>
        `SELECT u.id FROM ${this.#s}.users u WHERE u.instance = $1 AND u.username_lower = $2 ORDER BY u.id LIMIT 1`,
    );
    const [row] = await this.sql.query<{ id: number }>(statement, [instance, uniquenessKey(username)]);
    return row?.id ?? null;
  }

  /** Which of `ids` are users of the instance, ascending. */
  async existingIds(instance: string, ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const statement = this.#statements.get(
      'existing_ids',
      () =>
        `SELECT u.id FROM ${this.#s}.users u
        WHERE u.instance = $1 AND u.id IN (SELECT value::bigint FROM jsonb_array_elements_text($2::jsonb))
        ORDER BY u.id`,
    );
    const rows = await this.sql.query<{ id: number }>(statement, [instance, JSON.stringify(ids)]);
    return rows.map((row) => row.id);
  }

  /** A page of the user's groups by group id (up to `pageSize + 1` rows). */
  async groupsOf(instance: string, userId: number, page: PageRequest): Promise<GroupRow[]> {
    const k = keyset('m.group_id', page, 3);
    const statement = this.#statements.get(
      `groups_of_${k.variant}`,
      () =>
        `SELECT ${groupColumns('g')} FROM ${this.#s}.memberships m
         JOIN ${this.#s}.groups g ON g.instance = m.instance AND g.id = m.group_id
        WHERE m.instance = $1 AND m.user_id = $2::bigint ${k.after} ${k.orderBy} LIMIT ${k.limit}`,
    );
    return this.sql.query<GroupRow>(statement, [instance, userId, ...k.params]);
  }

  /** The group, if the user is a member of it. */
  async groupOf(instance: string, userId: number, groupId: number): Promise<GroupRow | null> {
    const statement = this.#statements.get(
      'group_of',
      () =>
        `SELECT ${groupColumns('g')} FROM ${this.#s}.memberships m
         JOIN ${this.#s}.groups g ON g.instance = m.instance AND g.id = m.group_id
        WHERE m.instance = $1 AND m.user_id = $2::bigint AND m.group_id = $3::bigint`,
    );
    const [row] = await this.sql.query<GroupRow>(statement, [instance, userId, groupId]);
    return row ?? null;
  }

  /**
   * The groups of each of `userIds` (by group id), in one query: the `groups` of a user list, which
   * show only the summary columns (every user response renders them: no times, no actors).
   */
  async groupsOfUsers(instance: string, userIds: readonly number[]): Promise<Map<number, GroupSummaryRow[]>> {
    const groups = new Map<number, GroupSummaryRow[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return groups;
    const statement = this.#statements.get(
      'group_summaries_of_users',
      () =>
        `SELECT m.user_id AS "userId", ${groupSummaryColumns('g')} FROM ${this.#s}.memberships m
         JOIN ${this.#s}.groups g ON g.instance = m.instance AND g.id = m.group_id
        WHERE m.instance = $1 AND m.user_id = ANY($2::integer[])
        ORDER BY m.user_id, m.group_id`,
    );
    // An array literal, not a subquery over JSON: the planner then sees a key list and probes the
    // (instance, user_id) index instead of scanning the instance's memberships.
    const rows = await this.sql.query<GroupSummaryRow & { userId: number }>(statement, [
      instance,
      `{${userIds.join(',')}}`,
    ]);
    for (const { userId, ...group } of rows) groups.get(userId)?.push(group);
    return groups;
  }
}
