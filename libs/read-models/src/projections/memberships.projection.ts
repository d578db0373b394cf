import { type GroupEvent } from '#domain';
import type { RecordedEvent, SqlStatement } from '#event-store';
import { namedStatement } from '../schema/named-statement.js';
import { quoteSchema } from '../schema/schema-name.js';
import {
  actorOf,
  occurredAt,
  type Projection,
  type ProjectionWriter,
  type Typed,
  resourceOf,
} from './projection.js';
import type { SqlWrite } from './sql-write.js';

interface MembershipRow {
  readonly instance: string;
  readonly group_id: number;
  readonly user_id: number;
  readonly created_at: string;
  readonly created_by: unknown;
}

/** What the batch did to one (group, user) pair: `removed` = delete any stored row first. */
interface PairChange {
  readonly instance: string;
  readonly groupId: number;
  readonly userId: number;
  removed: boolean;
  added: MembershipRow | null;
}

/**
 * Memberships, from the group's stream (`MembershipAdded` / `MembershipRemoved`). A deleted group
 * loses its memberships at once. A deleted user's rows stay until the reactor's `MembershipRemoved`
 * events arrive: the reactor reads them to learn which groups to end the memberships in (lists join
 * the users table, so a deleted user shows in none meanwhile).
 */
export const membershipsProjection: Projection = {
  name: 'memberships',
  tables: ['memberships'],
  writer(schema: string): ProjectionWriter {
    const statements = membershipStatements(schema);
    return {
      writes(events: readonly RecordedEvent[]): SqlWrite[] {
        const batch = new MembershipBatch();
        for (const event of events) batch.apply(event);
        return batch.writes(statements);
      },
    };
  },
};

class MembershipBatch {
  readonly #pairs = new Map<string, PairChange>();
  readonly #deletedGroups: { instance: string; id: number }[] = [];

  apply(event: RecordedEvent): void {
    const stream = resourceOf(event);
    if (stream?.kind !== 'group') return;
    const typed = event as Typed<GroupEvent>;
    switch (typed.type) {
      case 'MembershipAdded': {
        const pair = this.#pair(stream.instance, stream.id, typed.data.userId);
        // A second add without a remove between changes nothing, as `ON CONFLICT DO NOTHING` would.
        pair.added ??= {
          instance: stream.instance,
          group_id: stream.id,
          user_id: typed.data.userId,
          created_at: occurredAt(event),
          created_by: actorOf(event),
        };
        return;
      }
      case 'MembershipRemoved': {
        const pair = this.#pair(stream.instance, stream.id, typed.data.userId);
        pair.removed = true;
        pair.added = null;
        return;
      }
      case 'GroupDeleted':
        this.#deleteAll(stream.instance, stream.id);
        this.#deletedGroups.push({ instance: stream.instance, id: stream.id });
    }
  }

  /** Cascades first, then removed pairs, then added ones: the order the events had. */
  writes(statements: MembershipStatements): SqlWrite[] {
    const writes: SqlWrite[] = [];
    if (this.#deletedGroups.length > 0)
      writes.push({ statement: statements.deleteOfGroups, params: [JSON.stringify(this.#deletedGroups)] });
    const pairs = [...this.#pairs.values()];
    const removed = pairs
      .filter((pair) => pair.removed)
      .map(({ instance, groupId, userId }) => ({
        instance,
        group_id: groupId,
        user_id: userId,
      }));
    const added = pairs.flatMap((pair) => (pair.added ? [pair.added] : []));
    if (removed.length > 0)
      writes.push({ statement: statements.deletePairs, params: [JSON.stringify(removed)] });
    if (added.length === 0) return writes;
    // Positional rows (see TableWriter): the bulk of a rebuild's membership writes.
    const rows = added.map((row) => [
      row.instance,
      row.group_id,
      row.user_id,
      row.created_at,
      row.created_by,
    ]);
    writes.push({ statement: statements.insert, params: [JSON.stringify(rows)] });
    return writes;
  }

  #pair(instance: string, groupId: number, userId: number): PairChange {
    const id = `${instance} ${groupId} ${userId}`;
    let pair = this.#pairs.get(id);
    if (!pair) {
      pair = { instance, groupId, userId, removed: false, added: null };
      this.#pairs.set(id, pair);
    }
    return pair;
  }

  /** Drops the batch's pending adds of a deleted group: the cascade deletes stored ones. */
  #deleteAll(instance: string, groupId: number): void {
    for (const pair of this.#pairs.values()) {
      if (pair.instance === instance && pair.groupId === groupId) pair.added = null;
    }
  }
}

interface MembershipStatements {
  readonly insert: SqlStatement;
  readonly deletePairs: SqlStatement;
  readonly deleteOfGroups: SqlStatement;
}

function membershipStatements(schema: string): MembershipStatements {
  const table = `${quoteSchema(schema)}.memberships`;
  return {
    insert: namedStatement(
      'memberships_insert',
      `INSERT INTO ${table} (instance, group_id, user_id, created_at, created_by)
             SELECT r->>0, (r->>1)::integer, (r->>2)::integer, (r->>3)::timestamptz, nullif(r->4, 'null'::jsonb)
               FROM jsonb_array_elements($1::jsonb) AS r
             ON CONFLICT (instance, group_id, user_id) DO NOTHING`,
    ),
    deletePairs: namedStatement(
      'memberships_delete_pairs',
      `DELETE FROM ${table} AS m USING jsonb_to_recordset($1::jsonb) AS k(instance text, group_id integer, user_id integer)
              WHERE m.instance = k.instance AND m.group_id = k.group_id AND m.user_id = k.user_id`,
    ),
    deleteOfGroups: namedStatement(
      'memberships_delete_of_groups',
      `DELETE FROM ${table} AS m USING jsonb_to_recordset($1::jsonb) AS k(instance text, id integer)
              WHERE m.instance = k.instance AND m.group_id = k.id`,
    ),
  };
}
