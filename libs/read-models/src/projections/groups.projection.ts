import { type GroupEvent, type GroupFields } from '#domain';
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

export const GROUPS_TABLE: TableShape = {
  table: 'groups',
  key: ['instance', 'id'],
  columns: {
    instance: 'text',
    id: 'integer',
    label: 'text',
    description: 'text',
    name: 'text',
    revision: 'integer',
    created_at: 'timestamptz',
    created_by: 'jsonb',
    updated_at: 'timestamptz',
    updated_by: 'jsonb',
  },
};

/**
 * Streams `group-{instance}-{id}`. Membership events live in the group's stream, so they move its
 * `revision` (not its `updated_at`: the group's own fields did not change). A deleted group's row is removed.
 */
export const groupsProjection: Projection = {
  name: 'groups',
  tables: [GROUPS_TABLE.table],
  writer(schema: string): ProjectionWriter {
    const table = new TableWriter(schema, GROUPS_TABLE);
    return {
      writes(events: readonly RecordedEvent[]): SqlWrite[] {
        const groups = new RowChanges(table);
        for (const event of events) {
          const stream = resourceOf(event);
          if (stream?.kind !== 'group') continue;
          applyGroupEvent(groups, { instance: stream.instance, id: stream.id }, event as Typed<GroupEvent>);
        }
        return groups.writes();
      },
    };
  },
};

function applyGroupEvent(
  groups: RowChanges,
  key: { readonly instance: string; readonly id: number },
  event: Typed<GroupEvent>,
): void {
  const revision = revisionAfter(event);
  const touched = { revision, updated_at: occurredAt(event), updated_by: actorOf(event) };
  switch (event.type) {
    case 'GroupCreated': {
      const { label, description, name } = event.data;
      groups.put({
        ...key,
        ...groupFieldColumns({ label, description, name }),
        ...touched,
        created_at: occurredAt(event),
        created_by: actorOf(event),
      });
      return;
    }
    case 'GroupUpdated':
      groups.patch(key, { ...groupFieldColumns(event.data.changes), ...touched });
      return;
    case 'GroupDeleted':
      groups.delete(key);
      return;
    default:
      // MembershipAdded / MembershipRemoved, and any later type: only the stream's count moved.
      groups.patch(key, { revision });
  }
}

function groupFieldColumns(fields: Partial<GroupFields>): ColumnValues {
  const columns: Record<string, unknown> = {};
  if (fields.label !== undefined) columns.label = fields.label;
  if (fields.description !== undefined) columns.description = fields.description;
  if (fields.name !== undefined) columns.name = fields.name;
  return columns;
}
