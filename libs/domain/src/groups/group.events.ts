import type { DomainEvent } from '../shared/decider.js';

export interface GroupFields {
  readonly label: string;
  readonly description: string;
  readonly name: string | null;
}

/** Why a membership ended. */
export type MembershipRemovalReason = 'removed' | 'user_deleted' | 'group_deleted';

// Stream `group-{instance}-{groupId}`: the group and its memberships (public).

export type GroupCreated = DomainEvent<'GroupCreated', GroupFields & { readonly groupId: number }>;
/** `changes` holds only the fields whose value changed. */
export type GroupUpdated = DomainEvent<
  'GroupUpdated',
  { readonly groupId: number; readonly changes: Partial<GroupFields> }
>;
/** Followed, in the same append, by one `MembershipRemoved` (reason 'group_deleted') per member. */
export type GroupDeleted = DomainEvent<'GroupDeleted', { readonly groupId: number }>;
export type MembershipAdded = DomainEvent<
  'MembershipAdded',
  { readonly groupId: number; readonly userId: number }
>;
export type MembershipRemoved = DomainEvent<
  'MembershipRemoved',
  { readonly groupId: number; readonly userId: number; readonly reason: MembershipRemovalReason }
>;

export type GroupEvent = GroupCreated | GroupUpdated | GroupDeleted | MembershipAdded | MembershipRemoved;
