import type { Decider, DomainCommand, DomainEvent, Recorded } from '../shared/decider.js';

/**
 * Stream `login-{instance}-{userId}`: its own stream, so a login does not move the user's
 * revision (ETag). The time is the event's `occurredAt`.
 */
export type UserLoggedIn = DomainEvent<'UserLoggedIn', { readonly userId: number }>;
export type LoginEvent = UserLoggedIn;

/** Recorded after the handler verified the password and the user's status. */
export type RecordLogin = DomainCommand<'RecordLogin', { readonly userId: number }>;
export type LoginCommand = RecordLogin;

export interface LoginState {
  readonly revision: number;
  /** `metadata.last_login_at` of the user JSON. */
  readonly lastLoginAt: string | null;
}

export const loginDecider: Decider<LoginCommand, LoginEvent, LoginState> = {
  initialState: () => ({ revision: 0, lastLoginAt: null }),
  evolve: (state: LoginState, event: Recorded<LoginEvent>): LoginState => ({
    revision: state.revision + 1,
    lastLoginAt: event.type === 'UserLoggedIn' ? event.metadata.occurredAt : state.lastLoginAt,
  }),
  decide: (command) => [{ type: 'UserLoggedIn', data: { userId: command.data.userId } }],
};
