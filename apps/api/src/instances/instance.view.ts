import type { InstanceRow } from '#read-models';
import { apiKeysPath, groupsPath, instancePath, usersPath } from '../http/paths.js';

/** An instance as the API shows it. */
export function instanceView(row: InstanceRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    created_at: row.createdAt,
    links: {
      self: instancePath(row.name),
      users: usersPath(row.name),
      groups: groupsPath(row.name),
      api_keys: apiKeysPath(row.name),
    },
  };
}
