import type { GroupRow } from '#read-models';
import { groupView } from '../groups/group.view.js';
import { groupUserPath, userGroupPath } from '../http/paths.js';
import type { UserView } from '../users/user.view.js';

/** A membership seen from its group: `{user, links}`. */
export function groupMemberView(instance: string, groupId: number, user: UserView) {
  return { user, links: { self: groupUserPath(instance, groupId, user.id) } };
}

/** A membership seen from its user: `{group, links}`. */
export function userGroupView(instance: string, userId: number, group: GroupRow) {
  return { group: groupView(instance, group), links: { self: userGroupPath(instance, userId, group.id) } };
}
