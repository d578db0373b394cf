import type { Decider, Recorded } from '../shared/decider.js';
import { DomainError, type FieldError } from '../shared/domain-error.js';
import type { ReservationKind } from '../shared/stream-names.js';
import type { ReservationCommand } from './reservation.commands.js';
import type { ReservationEvent } from './reservation.events.js';

/** `holder` = the owner id holding the value now, or null (never reserved, or released). */
export interface ReservationState {
  readonly revision: number;
  readonly holder: number | null;
}

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

const initialState = (): ReservationState => ({ revision: 0, holder: null });

function evolve(state: ReservationState, event: Recorded<ReservationEvent>): ReservationState {
  const revision = state.revision + 1;
  switch (event.type) {
    case 'UsernameReserved':
    case 'EmailReserved':
    case 'GroupNameReserved':
      return { revision, holder: event.data.ownerId };
    case 'UsernameReleased':
    case 'EmailReleased':
    case 'GroupNameReleased':
      return { revision, holder: null };
    default:
      return { ...state, revision };
  }
}

function decide(command: ReservationCommand, state: ReservationState): ReservationEvent[] {
  const { kind, ownerId, value } = command.data;
  const types = EVENT_TYPES[kind];
  if (command.type === 'Reserve') {
    if (state.holder === ownerId) return [];
    if (state.holder !== null) throw reservationConflict(kind);
    return [{ type: types.reserved, data: { ownerId, value } }];
  }
  if (state.holder !== ownerId) return [];
  return [{ type: types.released, data: { ownerId, value } }];
}

/**
 * Uniqueness of usernames, emails and group names, enforced by the log. The handler reads the
 * reservation stream, decides, and appends with `expectedRevisionOf(state)`: `no_stream` for a
 * value never reserved, the stream's last revision for one released before, so two concurrent
 * claims cannot both win and a released value can be claimed again.
 */
export const reservationDecider: Decider<ReservationCommand, ReservationEvent, ReservationState> = {
  initialState,
  evolve,
  decide,
};
