import type { ApiKeyRow } from '#read-models';
import { apiKeyPath } from '../http/paths.js';

/** An API key as listed; the key itself appears only in the creation response. */
export function apiKeyView(row: ApiKeyRow) {
  return {
    id: row.id,
    description: row.description,
    allow_user_create: row.allowUserCreate,
    ignore_acl: row.ignoreAcl,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    links: { self: apiKeyPath(row.instance, row.id) },
  };
}
