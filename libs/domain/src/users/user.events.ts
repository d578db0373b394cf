import type { DomainEvent } from '../shared/decider.js';
import type { JsonObject } from '../shared/json.js';
import type { UserStatus } from './user.rules.js';

/** The mutable fields of a user, as stored (roles normalized: unique, sorted). */
export interface UserFields {
  readonly username: string;
  readonly email: string | null;
  readonly fullName: string | null;
  readonly status: UserStatus;
  readonly roles: readonly string[];
  readonly profile: JsonObject;
}

// Stream `user-{instance}-{userId}`. Public, except the `passwordHash` fields (argon2id): the
// relay strips them. `keyGeneration` starts at 0; user keys are derived from it elsewhere.

export type UserCreated = DomainEvent<
  'UserCreated',
  UserFields & { readonly userId: number; readonly passwordHash: string }
>;
/**
 * `changes` holds only the fields whose value changed. A write that also sets a password carries
 * its hash here (one write, one event); a write that only sets a password is `UserPasswordChanged`.
 */
export type UserUpdated = DomainEvent<
  'UserUpdated',
  { readonly userId: number; readonly changes: Partial<UserFields>; readonly passwordHash?: string }
>;
export type UserPasswordChanged = DomainEvent<
  'UserPasswordChanged',
  { readonly userId: number; readonly passwordHash: string }
>;
/** `keyGeneration` is the new generation: every key derived from an older one stops working. */
export type UserKeyReset = DomainEvent<
  'UserKeyReset',
  { readonly userId: number; readonly keyGeneration: number }
>;
/** Memberships end by reaction (`RemoveMembership` with reason 'user_deleted'); reservations are released. */
export type UserDeleted = DomainEvent<'UserDeleted', { readonly userId: number }>;

export type UserEvent = UserCreated | UserUpdated | UserPasswordChanged | UserKeyReset | UserDeleted;
