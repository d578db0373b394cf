import type { DomainCommand } from '../shared/decider.js';
import type { ReservationKind } from '../shared/stream-names.js';

export interface ReservationCommandData {
  readonly kind: ReservationKind;
  readonly ownerId: number;
  readonly value: string;
}

/** Claims the value for `ownerId`; a no-op when the owner already holds it. */
export type Reserve = DomainCommand<'Reserve', ReservationCommandData>;
/** Gives the value up; a no-op unless `ownerId` holds it (never releases someone else's claim). */
export type Release = DomainCommand<'Release', ReservationCommandData>;

export type ReservationCommand = Reserve | Release;
