import type { DomainEvent } from '../shared/decider.js';

export interface ApiKeyFlags {
  readonly description: string;
  readonly allowUserCreate: boolean;
  readonly ignoreAcl: boolean;
}

/** Stream `apikeys-{instance}` (internal). `keyDigest` = SHA-256 hex of the key, never the key itself. */
export type ApiKeyIssued = DomainEvent<
  'ApiKeyIssued',
  ApiKeyFlags & { readonly apiKeyId: number; readonly keyDigest: string }
>;
/** `changes` holds only the fields whose value changed. */
export type ApiKeyUpdated = DomainEvent<
  'ApiKeyUpdated',
  { readonly apiKeyId: number; readonly changes: Partial<ApiKeyFlags> }
>;
export type ApiKeyRevoked = DomainEvent<'ApiKeyRevoked', { readonly apiKeyId: number }>;

export type ApiKeyEvent = ApiKeyIssued | ApiKeyUpdated | ApiKeyRevoked;
