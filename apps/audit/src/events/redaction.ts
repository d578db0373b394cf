/** What a secret (an argon2id hash, a key digest) shows as in every output of the audit tool. */
export const REDACTED = '[redacted]';

/**
 * Fields that hold secrets (hashes and digests: not the secrets themselves, but never shown): in
 * event data, and `digest` in the read models' key tables (rows `verify` prints).
 */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['passwordHash', 'keyDigest', 'digest']);

/** A copy of the value with every secret field, at any depth, replaced by `[redacted]`. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, SECRET_FIELDS.has(key) ? REDACTED : redact(field)]),
  );
}
