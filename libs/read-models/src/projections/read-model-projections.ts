import { groupsProjection } from './groups.projection.js';
import { instancesProjection } from './instances.projection.js';
import { keysProjection } from './keys.projection.js';
import { membershipsProjection } from './memberships.projection.js';
import { profileFieldsProjection } from './profile-fields.projection.js';
import type { Projection } from './projection.js';
import { usersProjection } from './users.projection.js';

/** Every read model the API serves; one projector applies them together under one checkpoint. */
export const READ_MODEL_PROJECTIONS: readonly Projection[] = [
  instancesProjection,
  keysProjection,
  usersProjection,
  groupsProjection,
  membershipsProjection,
  profileFieldsProjection,
];

/** The tables those projections own (what a rebuild replaces and a verify compares). */
export const READ_MODEL_TABLES: readonly string[] = READ_MODEL_PROJECTIONS.flatMap(
  (projection) => projection.tables,
);
