import fc from 'fast-check';
import { deriveUserKey, digestKey, generateKey, userIdOfKey, userKeysEqual } from './key-digest.js';

describe('keys', () => {
  it('generates distinct 40-hex-character keys', () => {
    const keys = new Set(Array.from({ length: 100 }, generateKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{40}$/);
  });

  it('stores keys as SHA-256 digests that compare equal only for the same key', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(digestKey(a)).toMatch(/^[0-9a-f]{64}$/);
        expect(digestKey(a) === digestKey(b)).toBe(a === b);
      }),
    );
  });

  it('derives a user key that changes with secret, instance, user and generation', () => {
    const base = deriveUserKey('s'.repeat(32), 'acme', 10, 0);
    expect(deriveUserKey('s'.repeat(32), 'acme', 10, 0)).toBe(base);
    expect(deriveUserKey('t'.repeat(32), 'acme', 10, 0)).not.toBe(base);
    expect(deriveUserKey('s'.repeat(32), 'acme2', 10, 0)).not.toBe(base);
    expect(deriveUserKey('s'.repeat(32), 'acme', 11, 0)).not.toBe(base);
    expect(deriveUserKey('s'.repeat(32), 'acme', 10, 1)).not.toBe(base);
    // The separator keeps ("acme1", 0) and ("acme", 10) apart.
    expect(deriveUserKey('s'.repeat(32), 'acme1', 0, 0)).not.toBe(
      deriveUserKey('s'.repeat(32), 'acme', 10, 0),
    );
  });

  it('names its user and compares only equal keys equal', () => {
    const key = deriveUserKey('s'.repeat(32), 'acme', 42, 3);
    expect(userIdOfKey(key)).toBe(42);
    expect(userKeysEqual(key, deriveUserKey('s'.repeat(32), 'acme', 42, 3))).toBe(true);
    expect(userKeysEqual(key, deriveUserKey('s'.repeat(32), 'acme', 42, 4))).toBe(false);
    expect(userKeysEqual(key, 'short')).toBe(false);
    for (const bad of ['', '42', '0.' + 'a'.repeat(64), '42.' + 'A'.repeat(64), 'x.' + 'a'.repeat(64)]) {
      expect(userIdOfKey(bad)).toBeNull();
    }
  });
});
