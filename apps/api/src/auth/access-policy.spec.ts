import type { AccessLevel } from './access.decorator.js';
import { mayAccess } from './access-policy.js';
import type { Authenticated, Principal } from './principal.js';

const apiKey = (flags: { allowUserCreate?: boolean; ignoreAcl?: boolean } = {}): Principal => ({
  kind: 'api_key',
  keyId: 1,
  instance: 'acme',
  allowUserCreate: flags.allowUserCreate ?? false,
  ignoreAcl: flags.ignoreAcl ?? false,
});
const auth = (principal: Principal, userId: number | null = null): Authenticated => ({
  principal,
  instance: 'acme',
  user: userId === null ? null : { id: userId, keyGeneration: 0, status: 'active' },
  isAdmin: principal.kind === 'account' || principal.ignoreAcl,
});

const LEVELS: AccessLevel[] = ['account', 'admin', 'user_create', 'any_key', 'self', 'user_key'];

describe('mayAccess', () => {
  it('lets the account key do everything', () => {
    for (const level of LEVELS) expect(mayAccess(level, auth({ kind: 'account', keyId: 1 }), 5)).toBe(true);
  });

  it('lets an ignore_acl key do everything in its instance but account routes', () => {
    const admin = auth(apiKey({ ignoreAcl: true }));
    expect(LEVELS.filter((level) => mayAccess(level, admin, 5))).toEqual([
      'admin',
      'user_create',
      'any_key',
      'self',
    ]);
  });

  it('lets a plain key read groups and log in, create users only with allow_user_create', () => {
    expect(LEVELS.filter((level) => mayAccess(level, auth(apiKey()), 5))).toEqual(['any_key']);
    expect(mayAccess('user_create', auth(apiKey({ allowUserCreate: true })), null)).toBe(true);
  });

  it('lets a user key act on its own user only', () => {
    expect(mayAccess('self', auth(apiKey(), 5), 5)).toBe(true);
    expect(mayAccess('self', auth(apiKey(), 5), 6)).toBe(false);
    expect(mayAccess('user_key', auth(apiKey(), 5), null)).toBe(true);
    expect(mayAccess('admin', auth(apiKey(), 5), 5)).toBe(false);
  });
});
