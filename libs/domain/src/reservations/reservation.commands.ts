import type { DomainCommand } from '../shared/decider.js';
import type { ReservationKind } from '../shared/stream-names.js';

export interface ReservationCommandData {
  readonly kind: ReservationKind;
  readonly ownerId: number;
  readonly value: string;
}

/**
 * What the handler found out about the value's holder when another owner holds it: a claim
 * whose owner never came into being (a crash between the claim and the owner's first write) or
 * no longer has the value (a crash before the release) may be taken over.
 */
export interface HolderFacts {
  /** The holder's resource exists, is not deleted and has the value now: a real owner. */
  readonly holdsValue: boolean;
  /** The time of the decision (RFC 3339): the domain has no clock. */
  readonly now: string;
}

/**
 * Claims the value for `ownerId`; a no-op when the owner already holds it. Another owner's claim
 * conflicts unless `holder` shows it orphaned (see `isReclaimable`).
 */
export type Reserve = DomainCommand<'Reserve', ReservationCommandData & { readonly holder?: HolderFacts }>;
/** Gives the value up; a no-op unless `ownerId` holds it (never releases someone else's claim). */
export type Release = DomainCommand<'Release', ReservationCommandData>;

export type ReservationCommand = Reserve | Release;
