import { uniquenessKey, type LoginEvent, type UserEvent, type UserFields } from '#domain';
import type { RecordedEvent } from '#event-store';
import {
  actorOf,
  occurredAt,
  revisionAfter,
  type Projection,
  type ProjectionWriter,
  type Typed,
  resourceOf,
} from './projection.js';
import { RowChanges } from './row-changes.js';
import type { SqlWrite } from './sql-write.js';
import { TableWriter, type ColumnValues, type TableShape } from './table-writer.js';

export const USERS_TABLE: TableShape = {
  table: 'users',
  key: ['instance', 'id'],
  columns: {
    instance: 'text',
    id: 'integer',
    username: 'text',
    username_lower: 'text',
    email: 'text',
    email_lower: 'text',
    full_name: 'text',
    status: 'text',
    roles: 'jsonb',
    profile: 'jsonb',
    key_generation: 'integer',
    revision: 'integer',
    created_at: 'timestamptz',
    created_by: 'jsonb',
    updated_at: 'timestamptz',
    updated_by: 'jsonb',
    last_login_at: 'timestamptz',
  },
};

/**
 * Streams `user-{instance}-{id}` (the user; `revision` = events in that stream) and
 * `login-{instance}-{id}` (`last_login_at` only: a login never moves the revision). A deleted user's
 * row is removed. Password hashes are never projected.
 */
export const usersProjection: Projection = {
  name: 'users',
  tables: [USERS_TABLE.table],
  writer(schema: string): ProjectionWriter {
    const table = new TableWriter(schema, USERS_TABLE);
    return {
      writes(events: readonly RecordedEvent[]): SqlWrite[] {
        const users = new RowChanges(table);
        for (const event of events) {
          const stream = resourceOf(event);
          if (stream?.kind === 'user') {
            applyUserEvent(users, { instance: stream.instance, id: stream.id }, event as Typed<UserEvent>);
          } else if (
            stream?.kind === 'login' &&
            event.type === ('UserLoggedIn' satisfies LoginEvent['type'])
          ) {
            users.patch({ instance: stream.instance, id: stream.id }, { last_login_at: occurredAt(event) });
          }
        }
        return users.writes();
      },
    };
  },
};

type UserKey = { readonly instance: string; readonly id: number };

function applyUserEvent(users: RowChanges, key: UserKey, event: Typed<UserEvent>): void {
  const touched = {
    revision: revisionAfter(event),
    updated_at: occurredAt(event),
    updated_by: actorOf(event),
  };
  switch (event.type) {
    case 'UserCreated': {
      const { username, email, fullName, status, roles, profile } = event.data;
      users.put({
        ...key,
        ...userFieldColumns({ username, email, fullName, status, roles, profile }),
        key_generation: 0,
        ...touched,
        created_at: occurredAt(event),
        created_by: actorOf(event),
        last_login_at: null,
      });
      return;
    }
    case 'UserUpdated':
      users.patch(key, { ...userFieldColumns(event.data.changes), ...touched });
      return;
    case 'UserKeyReset':
      users.patch(key, { key_generation: event.data.keyGeneration, ...touched });
      return;
    case 'UserDeleted':
      users.delete(key);
      return;
    default:
      // UserPasswordChanged, and any later type: the user's stream moved, so its revision did.
      users.patch(key, touched);
  }
}

/** The columns of the fields present (a create has all, an update the changed ones). */
function userFieldColumns(fields: Partial<UserFields>): ColumnValues {
  const columns: Record<string, unknown> = {};
  if (fields.username !== undefined) {
    columns.username = fields.username;
    columns.username_lower = uniquenessKey(fields.username);
  }
  if (fields.email !== undefined) {
    columns.email = fields.email;
    columns.email_lower = fields.email === null ? null : uniquenessKey(fields.email);
  }
  if (fields.fullName !== undefined) columns.full_name = fields.fullName;
  if (fields.status !== undefined) columns.status = fields.status;
  if (fields.roles !== undefined) columns.roles = fields.roles;
  if (fields.profile !== undefined) columns.profile = fields.profile;
  return columns;
}
