import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret key: 40 hex characters (160 random bits), Syncano's key shape. */
export function generateKey(): string {
  return randomBytes(20).toString('hex');
}

/** The only form in which API and account keys are stored. */
export function digestKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compares two digests in constant time. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A user's key, derived instead of stored so nothing secret enters an event: HMAC-SHA256 of the
 * server secret over (instance, user id, key generation). `reset_key` bumps the generation.
 */
export function deriveUserKey(secret: string, instance: string, userId: number, generation: number): string {
  return createHmac('sha256', secret)
    .update(`${instance}\u0000${userId}\u0000${generation}`, 'utf8')
    .digest('hex');
}
