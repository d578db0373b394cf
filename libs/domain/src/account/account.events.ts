import type { DomainEvent } from '../shared/decider.js';

/** Stream `account` (internal). `keyDigest` = SHA-256 hex of the key, never the key itself. */
export type AccountKeyIssued = DomainEvent<
  'AccountKeyIssued',
  { readonly accountKeyId: number; readonly keyDigest: string }
>;
export type AccountKeyRevoked = DomainEvent<'AccountKeyRevoked', { readonly accountKeyId: number }>;

export type AccountEvent = AccountKeyIssued | AccountKeyRevoked;
