import type { AccessLevel } from './access.decorator.js';
import type { Authenticated } from './principal.js';

/** Whether an authenticated request may use a route of this level; `pathUserId` from `:userId`. */
export function mayAccess(level: AccessLevel, auth: Authenticated, pathUserId: number | null): boolean {
  if (auth.principal.kind === 'account') return true;
  switch (level) {
    case 'account':
      return false;
    case 'admin':
      return auth.isAdmin;
    case 'user_create':
      return auth.isAdmin || auth.principal.allowUserCreate;
    case 'any_key':
      return true;
    case 'self':
      return auth.isAdmin || (auth.user !== null && auth.user.id === pathUserId);
    case 'user_key':
      return auth.user !== null;
  }
}
