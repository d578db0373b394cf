import type { DomainCommand } from '../shared/decider.js';
import type { RevisionCondition } from '../shared/revision.js';
import type { GroupFieldsInput } from './group.rules.js';

/** `groupId` from the `ids-{instance}-group` counter; `name` already reserved by the handler. */
export type CreateGroup = DomainCommand<
  'CreateGroup',
  { readonly groupId: number; readonly fields: GroupFieldsInput }
>;

/** PATCH (`mode: 'patch'`) sets the fields given; PUT (`'replace'`) all, absent ones to defaults. */
export type UpdateGroup = DomainCommand<
  'UpdateGroup',
  {
    readonly groupId: number;
    readonly mode: 'patch' | 'replace';
    readonly fields: GroupFieldsInput;
    readonly expected?: RevisionCondition;
  }
>;

/** Ends every membership too, in the same append. */
export type DeleteGroup = DomainCommand<
  'DeleteGroup',
  { readonly groupId: number; readonly expected?: RevisionCondition }
>;

/**
 * `user.exists`: the handler looked the user up (exists and not deleted). `bodyField` says which
 * id came in the body — 'user' for `POST groups/{id}/users/`, 'group' for `POST users/{id}/groups/`:
 * a missing resource named by the path answers 404, one named by the body 400 "Invalid pk".
 */
export type AddMembership = DomainCommand<
  'AddMembership',
  {
    readonly groupId: number;
    readonly userId: number;
    readonly user: { readonly exists: boolean };
    readonly bodyField: 'user' | 'group';
  }
>;

/**
 * 'removed' (DELETE of a membership): a missing group or a non-member → 404.
 * 'user_deleted' (the reactor to `UserDeleted`): idempotent, no event when there is nothing to end.
 */
export type RemoveMembership = DomainCommand<
  'RemoveMembership',
  { readonly groupId: number; readonly userId: number; readonly reason: 'removed' | 'user_deleted' }
>;

export type GroupCommand = CreateGroup | UpdateGroup | DeleteGroup | AddMembership | RemoveMembership;
