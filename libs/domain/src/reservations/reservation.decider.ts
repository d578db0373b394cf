import type { Decider, Recorded } from '../shared/decider.js';
import { DomainError, type FieldError } from '../shared/domain-error.js';
import type { ReservationKind } from '../shared/stream-names.js';
import type { HolderFacts, ReservationCommand } from './reservation.commands.js';
import type { ReservationEvent } from './reservation.events.js';

/** The holder's claim: the value as it gave it, and when (its event's `occurredAt`). */
export interface HeldClaim {
  readonly value: string;
  readonly claimedAt: string;
}

/** `holder` = the owner id holding the value now, or null (never reserved, or released). */
export interface ReservationState {
  readonly revision: number;
  readonly holder: number | null;
  /** Null exactly when `holder` is. */
  readonly claim: HeldClaim | null;
}

/**
 * How old a claim must be before an owner that does not hold the value loses it. A claim is
 * followed within the same request by its owner's write (a few store round trips, each retried
 * at most 5 times; password hashing happens before the claim), so a claim younger than this may
 * belong to a write still in flight whose owner merely does not exist *yet*. It also has to
 * outlast clock skew between API processes (`claimedAt` is the claiming process's clock, `now`
 * the deciding one's). Fifteen minutes is far beyond both, and an orphan left by a crash is
 * free again after it instead of never. A write frozen for longer (a suspended process) could
 * still land after its value was taken over, leaving two owners with the value: the store has
 * no atomic check across two streams that would rule that out.
 */
export const RECLAIM_GRACE_MS = 15 * 60 * 1000;

const EVENT_TYPES = {
  username: { reserved: 'UsernameReserved', released: 'UsernameReleased' },
  email: { reserved: 'EmailReserved', released: 'EmailReleased' },
  groupname: { reserved: 'GroupNameReserved', released: 'GroupNameReleased' },
} as const satisfies Record<ReservationKind, { reserved: string; released: string }>;

const CONFLICTS: Record<ReservationKind, FieldError> = {
  username: {
    field: 'username',
    code: 'user.username.conflict',
    message: 'A user with that username already exists.',
  },
  email: { field: 'email', code: 'user.email.conflict', message: 'A user with that email already exists.' },
  groupname: { field: 'name', code: 'group.name.conflict', message: 'Group with this name already exists.' },
};

/** 409 for a value another owner holds, e.g. `{"username": ["A user with that username already exists."]}`. */
export const reservationConflict = (kind: ReservationKind): DomainError =>
  new DomainError('conflict', [CONFLICTS[kind]]);

const initialState = (): ReservationState => ({ revision: 0, holder: null, claim: null });

function evolve(state: ReservationState, event: Recorded<ReservationEvent>): ReservationState {
  const revision = state.revision + 1;
  switch (event.type) {
    case 'UsernameReserved':
    case 'EmailReserved':
    case 'GroupNameReserved':
      return {
        revision,
        holder: event.data.ownerId,
        claim: { value: event.data.value, claimedAt: event.metadata.occurredAt },
      };
    case 'UsernameReleased':
    case 'EmailReleased':
    case 'GroupNameReleased':
      return { revision, holder: null, claim: null };
    default:
      return { ...state, revision };
  }
}

/**
 * Whether another owner's claim may be taken over: its owner is not a real holder of the value
 * (never came into being, was deleted or renamed before releasing it) and the claim is older
 * than `RECLAIM_GRACE_MS`. Without facts about the holder it never is.
 */
export function isReclaimable(state: ReservationState, holder: HolderFacts | undefined): boolean {
  if (state.claim === null || holder === undefined || holder.holdsValue) return false;
  const age = Date.parse(holder.now) - Date.parse(state.claim.claimedAt);
  // An unparsable time gives NaN, and NaN > grace is false: the claim stands.
  return age > RECLAIM_GRACE_MS;
}

function decide(command: ReservationCommand, state: ReservationState): ReservationEvent[] {
  const { kind, ownerId, value } = command.data;
  const types = EVENT_TYPES[kind];
  if (command.type === 'Reserve') {
    const { holder, claim } = state;
    if (holder === ownerId) return [];
    const reserved: ReservationEvent = { type: types.reserved, data: { ownerId, value } };
    if (holder === null || claim === null) return [reserved];
    if (!isReclaimable(state, command.data.holder)) throw reservationConflict(kind);
    // The orphan's release first, in the same append: the log says who held the value when.
    return [{ type: types.released, data: { ownerId: holder, value: claim.value } }, reserved];
  }
  if (state.holder !== ownerId) return [];
  return [{ type: types.released, data: { ownerId, value } }];
}

/**
 * Uniqueness of usernames, emails and group names, enforced by the log. The handler reads the
 * reservation stream, decides, and appends with `expectedRevisionOf(state)`: `no_stream` for a
 * value never reserved, the stream's last revision for one released before, so two concurrent
 * claims cannot both win and a released value can be claimed again. Two takeovers of the same
 * orphan race the same way: the loser decides again and meets the winner's fresh claim.
 */
export const reservationDecider: Decider<ReservationCommand, ReservationEvent, ReservationState> = {
  initialState,
  evolve,
  decide,
};
