import type { Group, User } from '#domain';
import type { GroupRow, UserRow } from '#read-models';

// The folded domain state as the read-model rows the API renders, so the audit's JSON comes from
// the API's own views (apps/api/src/users/user.view.ts, groups/group.view.ts), not a second renderer.

/** A user folded from its stream; `revision` = events in it, `lastLoginAt` from its login stream. */
export const userRowOf = (user: User, revision: number, lastLoginAt: string | null): UserRow => ({
  id: user.id,
  username: user.username,
  email: user.email,
  fullName: user.fullName,
  status: user.status,
  roles: [...user.roles],
  profile: { ...user.profile },
  keyGeneration: user.keyGeneration,
  revision,
  createdAt: user.createdAt,
  createdBy: user.createdBy,
  updatedAt: user.updatedAt,
  updatedBy: user.updatedBy,
  lastLoginAt,
});

export const groupRowOf = (group: Group, revision: number): GroupRow => ({
  id: group.id,
  label: group.label,
  description: group.description,
  name: group.name,
  revision,
  createdAt: group.createdAt,
  createdBy: group.createdBy,
  updatedAt: group.updatedAt,
  updatedBy: group.updatedBy,
});
