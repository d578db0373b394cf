import type { Actor } from '#event-store';
import type { GroupSummaryRow, UserRow } from '#read-models';
import { groupSummaryView } from '../groups/group.view.js';
import { resetKeyPath, userGroupsPath, userPath, userProfilePath } from '../http/paths.js';

/** `created_by` / `updated_by`: the id of the key (or user) that made the change. */
const actorId = (actor: Actor | null): string | null => actor?.id ?? null;

/**
 * A user as the API shows it (API.md). `userKey` only for admins and the user itself; the profile
 * is Syncano's `user_profile` data object with the custom fields beside its system ones.
 */
export function userView(
  instance: string,
  row: UserRow,
  groups: readonly GroupSummaryRow[],
  userKey: string | null,
) {
  const self = userPath(instance, row.id);
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    full_name: row.fullName,
    status: row.status,
    roles: row.roles,
    ...(userKey !== null && { user_key: userKey }),
    revision: row.revision,
    profile: {
      ...row.profile,
      id: row.id,
      owner: row.id,
      revision: row.revision,
      owner_permissions: 'full',
      group_permissions: 'none',
      other_permissions: 'none',
      channel: null,
      channel_room: null,
      group: null,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      links: { self: userProfilePath(instance, row.id), owner: self },
    },
    groups: groups.map((group) => groupSummaryView(instance, group)),
    metadata: {
      created_at: row.createdAt,
      created_by: actorId(row.createdBy),
      updated_at: row.updatedAt,
      updated_by: actorId(row.updatedBy),
      last_login_at: row.lastLoginAt,
    },
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    links: {
      self,
      groups: userGroupsPath(instance, row.id),
      'reset-key': resetKeyPath(instance, row.id),
      profile: userProfilePath(instance, row.id),
    },
  };
}

export type UserView = ReturnType<typeof userView>;
