import { READ_MODEL_PROJECTIONS, type Projection } from '#read-models';
import { usageError } from '../cli/audit-error.js';

export const PROJECTION_NAMES = READ_MODEL_PROJECTIONS.map((projection) => projection.name);

/** The named projections (all when none are named); an unknown name is bad usage. */
export function chooseProjections(names: readonly string[] | undefined): readonly Projection[] {
  if (!names || names.length === 0) return READ_MODEL_PROJECTIONS;
  const unknown = names.filter((name) => !PROJECTION_NAMES.includes(name));
  if (unknown.length > 0) {
    throw usageError(`Unknown projection ${unknown.join(', ')} (known: ${PROJECTION_NAMES.join(', ')})`);
  }
  return READ_MODEL_PROJECTIONS.filter((projection) => names.includes(projection.name));
}
