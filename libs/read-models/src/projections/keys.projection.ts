import { ACCOUNT_STREAM, type AccountEvent, type ApiKeyEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import { actorOf, occurredAt, type Projection, type ProjectionWriter, type Typed } from './projection.js';
import { RowChanges } from './row-changes.js';
import type { SqlWrite } from './sql-write.js';
import { TableWriter, type ColumnValues, type TableShape } from './table-writer.js';

export const ACCOUNT_KEYS_TABLE: TableShape = {
  table: 'account_keys',
  key: ['id'],
  columns: { id: 'integer', digest: 'text', created_at: 'timestamptz', revoked_at: 'timestamptz' },
};

export const API_KEYS_TABLE: TableShape = {
  table: 'api_keys',
  key: ['instance', 'id'],
  columns: {
    instance: 'text',
    id: 'integer',
    digest: 'text',
    description: 'text',
    allow_user_create: 'boolean',
    ignore_acl: 'boolean',
    created_at: 'timestamptz',
    created_by: 'jsonb',
    updated_at: 'timestamptz',
    revoked_at: 'timestamptz',
  },
};

const API_KEYS_STREAM_PREFIX = 'apikeys-';

/** Streams `account` and `apikeys-{instance}`: key digests and flags, for authentication. */
export const keysProjection: Projection = {
  name: 'keys',
  tables: [ACCOUNT_KEYS_TABLE.table, API_KEYS_TABLE.table],
  writer(schema: string): ProjectionWriter {
    const accountTable = new TableWriter(schema, ACCOUNT_KEYS_TABLE);
    const apiKeyTable = new TableWriter(schema, API_KEYS_TABLE);
    return {
      writes(events: readonly RecordedEvent[]): SqlWrite[] {
        const accountKeys = new RowChanges(accountTable);
        const apiKeys = new RowChanges(apiKeyTable);
        for (const event of events) {
          if (event.stream === ACCOUNT_STREAM) applyAccountEvent(accountKeys, event as Typed<AccountEvent>);
          else if (event.stream.startsWith(API_KEYS_STREAM_PREFIX)) {
            const instance = event.stream.slice(API_KEYS_STREAM_PREFIX.length);
            applyApiKeyEvent(apiKeys, instance, event as Typed<ApiKeyEvent>);
          }
        }
        return [...accountKeys.writes(), ...apiKeys.writes()];
      },
    };
  },
};

function applyAccountEvent(keys: RowChanges, event: Typed<AccountEvent>): void {
  switch (event.type) {
    case 'AccountKeyIssued': {
      const { accountKeyId: id, keyDigest: digest } = event.data;
      keys.put({ id, digest, created_at: occurredAt(event), revoked_at: null });
      return;
    }
    case 'AccountKeyRevoked':
      keys.patch({ id: event.data.accountKeyId }, { revoked_at: occurredAt(event) });
  }
}

function applyApiKeyEvent(keys: RowChanges, instance: string, event: Typed<ApiKeyEvent>): void {
  const at = occurredAt(event);
  switch (event.type) {
    case 'ApiKeyIssued': {
      const { apiKeyId: id, keyDigest: digest, description, allowUserCreate, ignoreAcl } = event.data;
      keys.put({
        instance,
        id,
        digest,
        description,
        allow_user_create: allowUserCreate,
        ignore_acl: ignoreAcl,
        created_at: at,
        created_by: actorOf(event),
        updated_at: at,
        revoked_at: null,
      });
      return;
    }
    case 'ApiKeyUpdated': {
      const { description, allowUserCreate, ignoreAcl } = event.data.changes;
      const patch: Record<string, unknown> = { updated_at: at };
      if (description !== undefined) patch.description = description;
      if (allowUserCreate !== undefined) patch.allow_user_create = allowUserCreate;
      if (ignoreAcl !== undefined) patch.ignore_acl = ignoreAcl;
      keys.patch({ instance, id: event.data.apiKeyId }, patch as ColumnValues);
      return;
    }
    case 'ApiKeyRevoked':
      keys.patch({ instance, id: event.data.apiKeyId }, { revoked_at: at, updated_at: at });
  }
}
