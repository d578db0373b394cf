import type { DomainCommand } from '../shared/decider.js';
import type { RevisionCondition } from '../shared/revision.js';
import type { UserFieldsInput } from './user.rules.js';

/** The body fields a command may set; the password arrives as `passwordHash` instead. */
export type UserFieldsCommandInput = Omit<UserFieldsInput, 'password'>;

/**
 * `userId` from the `ids-{instance}-user` counter; username (and email) already reserved by the
 * handler. `fields.username` is required; the rest default (email/full name null, status
 * 'unverified', no roles, empty profile).
 */
export type CreateUser = DomainCommand<
  'CreateUser',
  {
    readonly userId: number;
    readonly fields: UserFieldsCommandInput;
    readonly passwordHash: string;
    readonly allowedRoles: readonly string[];
  }
>;

/**
 * PATCH (`mode: 'patch'`): sets the fields given, `profile` replaced whole. PUT (`mode: 'replace'`):
 * sets every field, absent ones to their defaults (`username` required). The password changes only
 * when `passwordHash` is given. Nothing changed and no password → no event.
 */
export type UpdateUser = DomainCommand<
  'UpdateUser',
  {
    readonly userId: number;
    readonly mode: 'patch' | 'replace';
    readonly fields: UserFieldsCommandInput;
    readonly passwordHash?: string;
    readonly allowedRoles: readonly string[];
    readonly expected?: RevisionCondition;
  }
>;

export type ResetUserKey = DomainCommand<
  'ResetUserKey',
  { readonly userId: number; readonly expected?: RevisionCondition }
>;

export type DeleteUser = DomainCommand<
  'DeleteUser',
  { readonly userId: number; readonly expected?: RevisionCondition }
>;

export type UserCommand = CreateUser | UpdateUser | ResetUserKey | DeleteUser;
