import { Argon2PasswordHasher } from './argon2-password-hasher.js';

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher({ memoryKib: 64, passes: 1 }, 2);

  it('produces argon2id hashes that verify only the same password', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    expect(hash).not.toContain('correct horse');
    await expect(hasher.verify(hash, 'correct horse')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'wrong horse')).resolves.toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'));
  });

  it('finishes every call when more arrive than it has slots', async () => {
    const hashes = await Promise.all(Array.from({ length: 9 }, (_, i) => hasher.hash(`pw-${i}`)));
    const checks = await Promise.all(hashes.map((h, i) => hasher.verify(h, `pw-${i}`)));
    expect(checks.every(Boolean)).toBe(true);
  });
});
