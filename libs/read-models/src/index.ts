// libs/read-models: SQL read models of the event log — schema, projections, the projector, rebuild
// and verification, and the query repositories the API serves lists and lookups from.
export * from './schema/schema-name.js';
export * from './schema/read-model-migrations.js';

export type { Projection, ProjectionWriter } from './projections/projection.js';
export { instancesProjection } from './projections/instances.projection.js';
export { keysProjection } from './projections/keys.projection.js';
export { usersProjection } from './projections/users.projection.js';
export { groupsProjection } from './projections/groups.projection.js';
export { membershipsProjection } from './projections/memberships.projection.js';
export {
  profileFieldsProjection,
  profileFieldType,
  type ProfileFieldType,
} from './projections/profile-fields.projection.js';
export * from './projections/read-model-projections.js';

export * from './projector/projection-progress.js';
export * from './projector/projector-logger.js';
export { CheckpointMovedError, CheckpointTable, DEFAULT_PROJECTOR_NAME } from './projector/checkpoints.js';
export * from './projector/projector.js';
export * from './projector/follow-in-batches.js';
export { MessageBuffer } from './projector/message-buffer.js';
export { PositionWaiters } from './projector/position-waiters.js';
export { analyzeReadModels } from './schema/analyze.js';
export * from './projector/checkpoint-watcher.js';
export * from './projector/notification-source.js';

export { SOLE_WORKER_LEASE, type HeldLease, type WorkerLease } from './lease/worker-lease.js';
export { advisoryLease, type AdvisoryLeaseOptions } from './lease/advisory-lease.js';
export * from './lease/acquire-lease.js';
export { databaseLease } from './lease/database-lease.js';

export * from './rebuild/build-read-models.js';
export * from './rebuild/rebuild-read-models.js';
export * from './rebuild/verify-read-models.js';
export * from './rebuild/compare-read-models.js';
export * from './rebuild/deferred-indexes.js';

export type { PageRequest } from './queries/page.js';
export * from './queries/rows.js';
export * from './queries/instance.repository.js';
export * from './queries/key.repository.js';
export * from './queries/user.repository.js';
export * from './queries/group.repository.js';
export * from './queries/profile-field.repository.js';
