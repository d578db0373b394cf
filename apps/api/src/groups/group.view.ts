import type { GroupRow, GroupSummaryRow } from '#read-models';
import { groupPath, groupUsersPath } from '../http/paths.js';

/** A group as the API shows it. */
export function groupView(instance: string, row: GroupRow) {
  return {
    id: row.id,
    label: row.label,
    description: row.description,
    name: row.name,
    revision: row.revision,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    links: { self: groupPath(instance, row.id), users: groupUsersPath(instance, row.id) },
  };
}

/** A group as a user's `groups` list shows it. */
export function groupSummaryView(instance: string, row: GroupSummaryRow) {
  return {
    id: row.id,
    label: row.label,
    description: row.description,
    name: row.name,
    links: { self: groupPath(instance, row.id), users: groupUsersPath(instance, row.id) },
  };
}

export type GroupView = ReturnType<typeof groupView>;
