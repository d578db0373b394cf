import type { DomainCommand } from '../shared/decider.js';
import type { ApiKeyFlags } from './api-key.events.js';

/** `apiKeyId` from the `ids-{instance}-apikey` counter; flags default to `''`, false, false. */
export type IssueApiKey = DomainCommand<
  'IssueApiKey',
  Partial<ApiKeyFlags> & { readonly apiKeyId: number; readonly keyDigest: string }
>;
/** PATCH: sets the named fields; nothing changed → no event. */
export type UpdateApiKey = DomainCommand<
  'UpdateApiKey',
  { readonly apiKeyId: number; readonly changes: Partial<ApiKeyFlags> }
>;
export type RevokeApiKey = DomainCommand<'RevokeApiKey', { readonly apiKeyId: number }>;
/** When the instance is deleted: revokes every active key (none left → no event). */
export type RevokeAllApiKeys = DomainCommand<'RevokeAllApiKeys', Record<string, never>>;

export type ApiKeyCommand = IssueApiKey | UpdateApiKey | RevokeApiKey | RevokeAllApiKeys;
