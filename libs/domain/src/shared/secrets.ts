// Secrets enter events only as hashes or digests. A value of the wrong shape is a bug upstream
// (e.g. a plaintext password passed on), so it fails loudly as a plain Error, never as a DomainError.

/** An argon2id PHC string, e.g. `$argon2id$v=19$m=19456,t=2,p=1$…$…`. */
export const PASSWORD_HASH_PATTERN = /^\$argon2id\$v=\d+\$[^$]+\$[^$]+\$[^$]+$/;
/** SHA-256 as 64 lowercase hex characters (keys themselves are 40). */
export const KEY_DIGEST_PATTERN = /^[0-9a-f]{64}$/;

export function assertPasswordHash(value: string): void {
  if (!PASSWORD_HASH_PATTERN.test(value)) throw new Error('passwordHash is not an argon2id hash');
}

export function assertKeyDigest(value: string): void {
  if (!KEY_DIGEST_PATTERN.test(value)) throw new Error('keyDigest is not a SHA-256 hex digest');
}
