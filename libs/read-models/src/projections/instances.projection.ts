import type { InstanceEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import { actorOf, occurredAt, type Projection, type ProjectionWriter, type Typed } from './projection.js';
import { RowChanges } from './row-changes.js';
import type { SqlWrite } from './sql-write.js';
import { TableWriter, type TableShape } from './table-writer.js';

export const INSTANCES_TABLE: TableShape = {
  table: 'instances',
  key: ['id'],
  columns: {
    id: 'integer',
    name: 'text',
    description: 'text',
    created_at: 'timestamptz',
    created_by: 'jsonb',
    deleted_at: 'timestamptz',
  },
};

/** Streams `instance-{name}`: an instance row; deletion marks it (names are never reused). */
export const instancesProjection: Projection = {
  name: 'instances',
  tables: [INSTANCES_TABLE.table],
  writer(schema: string): ProjectionWriter {
    const table = new TableWriter(schema, INSTANCES_TABLE);
    return {
      writes(events: readonly RecordedEvent[]): SqlWrite[] {
        const instances = new RowChanges(table);
        for (const event of events) {
          if (event.stream.startsWith('instance-'))
            applyInstanceEvent(instances, event as Typed<InstanceEvent>);
        }
        return instances.writes();
      },
    };
  },
};

function applyInstanceEvent(instances: RowChanges, event: Typed<InstanceEvent>): void {
  switch (event.type) {
    case 'InstanceCreated': {
      const { instanceId, name, description } = event.data;
      instances.put({
        id: instanceId,
        name,
        description,
        created_at: occurredAt(event),
        created_by: actorOf(event),
        deleted_at: null,
      });
      return;
    }
    case 'InstanceDeleted':
      instances.patch({ id: event.data.instanceId }, { deleted_at: occurredAt(event) });
  }
}
