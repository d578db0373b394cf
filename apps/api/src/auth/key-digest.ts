import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret key: 40 hex characters (160 random bits), Syncano's key shape. */
export function generateKey(): string {
  return randomBytes(20).toString('hex');
}

/**
 * The only form in which API and account keys are stored, and what a presented key is looked up
 * by: an index lookup on the digest leaks no usable timing, since a caller cannot choose which
 * digest bytes its guesses share with a stored one.
 */
export function digestKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * A user's key, derived instead of stored so nothing secret enters an event: HMAC-SHA256 of the
 * server secret over (instance, user id, key generation), prefixed with the user id so a request
 * carrying only the key names its user. `reset_key` bumps the generation.
 */
export function deriveUserKey(secret: string, instance: string, userId: number, generation: number): string {
  const mac = createHmac('sha256', secret).update(`${instance}\u0000${userId}\u0000${generation}`, 'utf8');
  return `${userId}.${mac.digest('hex')}`;
}

/** The user id a key claims, or null when it is not shaped like a user key. */
export function userIdOfKey(key: string): number | null {
  const match = /^([1-9][0-9]{0,14})\.[0-9a-f]{64}$/.exec(key);
  return match ? Number(match[1]) : null;
}

/** Constant-time comparison of two user keys. */
export function userKeysEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
