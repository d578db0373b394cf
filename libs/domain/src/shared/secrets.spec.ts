import { assertKeyDigest, assertPasswordHash } from './secrets.js';

describe('secret shapes', () => {
  it('accepts an argon2id hash and refuses anything else', () => {
    expect(() => assertPasswordHash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g')).not.toThrow();
    expect(() => assertPasswordHash('hunter22')).toThrow('not an argon2id hash');
    expect(() => assertPasswordHash('$argon2i$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA')).toThrow(
      'not an argon2id hash',
    );
  });

  it('accepts a SHA-256 hex digest and refuses a key', () => {
    expect(() => assertKeyDigest('0'.repeat(64))).not.toThrow();
    expect(() => assertKeyDigest('a'.repeat(40))).toThrow('not a SHA-256 hex digest');
  });
});
