import type { Actor, Decider, Recorded } from '../shared/decider.js';
import { notFound, concurrentUpdate } from '../shared/domain-error.js';
import { changedFields, definedOnly, isEmpty } from '../shared/objects.js';
import { assertKeyDigest } from '../shared/secrets.js';
import type { ApiKeyCommand, UpdateApiKey } from './api-key.commands.js';
import type { ApiKeyEvent, ApiKeyFlags } from './api-key.events.js';

export interface ApiKey extends ApiKeyFlags {
  readonly id: number;
  readonly keyDigest: string;
  readonly createdAt: string;
  readonly createdBy: Actor | null;
  readonly updatedAt: string;
  readonly revokedAt: string | null;
}

export interface ApiKeysState {
  readonly revision: number;
  /** Every key of the instance ever issued, in issue order (revoked ones too). */
  readonly keys: readonly ApiKey[];
}

/** The key with this id unless unknown or revoked. */
export const activeApiKey = (state: ApiKeysState, apiKeyId: number): ApiKey | undefined =>
  state.keys.find((key) => key.id === apiKeyId && key.revokedAt === null);

function evolve(state: ApiKeysState, event: Recorded<ApiKeyEvent>): ApiKeysState {
  const revision = state.revision + 1;
  const { occurredAt: at, actor = null } = event.metadata;
  const patch = (id: number, change: Partial<ApiKey>): ApiKeysState => ({
    revision,
    keys: state.keys.map((key) => (key.id === id ? { ...key, ...change } : key)),
  });
  switch (event.type) {
    case 'ApiKeyIssued': {
      const { apiKeyId: id, ...rest } = event.data;
      const key: ApiKey = { id, ...rest, createdAt: at, createdBy: actor, updatedAt: at, revokedAt: null };
      return { revision, keys: [...state.keys, key] };
    }
    case 'ApiKeyUpdated':
      return patch(event.data.apiKeyId, { ...event.data.changes, updatedAt: at });
    case 'ApiKeyRevoked':
      return patch(event.data.apiKeyId, { revokedAt: at, updatedAt: at });
    default:
      return { ...state, revision };
  }
}

function update({ data }: UpdateApiKey, state: ApiKeysState): ApiKeyEvent[] {
  const key = activeApiKey(state, data.apiKeyId);
  if (!key) throw notFound();
  const changes = changedFields<ApiKeyFlags>(key, definedOnly(data.changes));
  return isEmpty(changes) ? [] : [{ type: 'ApiKeyUpdated', data: { apiKeyId: key.id, changes } }];
}

function decide(command: ApiKeyCommand, state: ApiKeysState): ApiKeyEvent[] {
  switch (command.type) {
    case 'IssueApiKey': {
      const {
        apiKeyId,
        keyDigest,
        description = '',
        allowUserCreate = false,
        ignoreAcl = false,
      } = command.data;
      if (state.keys.some((key) => key.id === apiKeyId)) throw concurrentUpdate();
      assertKeyDigest(keyDigest);
      return [
        { type: 'ApiKeyIssued', data: { apiKeyId, keyDigest, description, allowUserCreate, ignoreAcl } },
      ];
    }
    case 'UpdateApiKey':
      return update(command, state);
    case 'RevokeApiKey':
      if (!activeApiKey(state, command.data.apiKeyId)) throw notFound();
      return [{ type: 'ApiKeyRevoked', data: { apiKeyId: command.data.apiKeyId } }];
    case 'RevokeAllApiKeys':
      return state.keys
        .filter((key) => key.revokedAt === null)
        .map((key) => ({ type: 'ApiKeyRevoked', data: { apiKeyId: key.id } }));
  }
}

/** An instance's API keys: issue, update flags/description, revoke. Unknown or revoked key → 404. */
export const apiKeysDecider: Decider<ApiKeyCommand, ApiKeyEvent, ApiKeysState> = {
  initialState: () => ({ revision: 0, keys: [] }),
  evolve,
  decide,
};
