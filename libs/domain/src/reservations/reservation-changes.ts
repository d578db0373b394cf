import { uniquenessKey, type ReservationKind } from '../shared/stream-names.js';

export interface ReservationChange {
  readonly kind: ReservationKind;
  readonly value: string;
}

export interface ReservationPlan {
  /** Claim before appending the resource's event (a conflict stops the write). */
  readonly reserve: readonly ReservationChange[];
  /** Give up after the append succeeded. */
  readonly release: readonly ReservationChange[];
}

const NOTHING: ReservationPlan = { reserve: [], release: [] };

/**
 * The reservations a write of one unique field needs, from its value before and after (null = none:
 * before a create, after a delete, or no email). A change of case only keeps the same reservation —
 * reserving the new value and releasing the old one would release the very claim just kept.
 */
export function reservationPlan(
  kind: ReservationKind,
  before: string | null,
  after: string | null,
): ReservationPlan {
  if (before !== null && after !== null && uniquenessKey(before) === uniquenessKey(after)) return NOTHING;
  return {
    reserve: after === null ? [] : [{ kind, value: after }],
    release: before === null ? [] : [{ kind, value: before }],
  };
}

/** Several fields' plans as one. */
export const combinePlans = (...plans: readonly ReservationPlan[]): ReservationPlan => ({
  reserve: plans.flatMap((plan) => plan.reserve),
  release: plans.flatMap((plan) => plan.release),
});
