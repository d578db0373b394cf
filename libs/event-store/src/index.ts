export * from './position.js';
export * from './event.js';
export * from './errors.js';
export * from './event-store.port.js';
export type { EventIdDedupe, EventStoreCapabilities } from './event-store-capabilities.js';
export { MAX_STREAM_NAME_BYTES, MAX_EVENT_TYPE_BYTES } from './append-validation.js';
export type { SqlExecutor, SqlStatement } from './sql/sql-executor.js';
export { DEFAULT_SCHEMA } from './sql/schema-name.js';
export { SqlEventStore, SQL_CAPABILITIES } from './sql/sql-event-store.js';
export {
  openPgliteEventStore,
  type PgliteEventStore,
  type PgliteEventStoreOptions,
} from './pglite/pglite-event-store.js';
export { pgliteExecutor } from './pglite/pglite-executor.js';
export {
  openPostgresEventStore,
  type PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store.js';
export { poolExecutor } from './postgres/postgres-executor.js';
export { listenWithReconnect, type ReconnectingListen } from './postgres/listen-with-reconnect.js';
export {
  openEsdbEventStore,
  EsdbEventStore,
  ESDB_CAPABILITIES,
  type EsdbClient,
  type EsdbEventStoreOptions,
} from './esdb/esdb-event-store.js';
export { ROSTER_STREAM_PREFIXES } from './esdb/stream-filter.js';
