/* oxlint-disable jest/expect-expect -- decider specs assert inside deciderSpecification (then, thenThrows) */
import { fold } from '../shared/decider.js';
import { deciderSpecification, recorded } from '../testing/index.js';
import { activeApiKey, apiKeysDecider } from './api-key.decider.js';
import type { ApiKeyEvent } from './api-key.events.js';

const spec = deciderSpecification(apiKeysDecider);
const DIGEST = 'a'.repeat(64);
const issued = (id: number): ApiKeyEvent => ({
  type: 'ApiKeyIssued',
  data: { apiKeyId: id, keyDigest: DIGEST, description: '', allowUserCreate: false, ignoreAcl: false },
});
const revoked = (id: number): ApiKeyEvent => ({ type: 'ApiKeyRevoked', data: { apiKeyId: id } });
const notFound = {
  kind: 'not_found',
  errors: [{ field: 'detail', code: 'resource.not_found', message: 'Not found.' }],
} as const;

describe('api keys decider', () => {
  describe('IssueApiKey', () => {
    it('issues a key with default flags', () => {
      spec
        .given([])
        .when({ type: 'IssueApiKey', data: { apiKeyId: 1, keyDigest: DIGEST } })
        .then([issued(1)]);
    });

    it('issues a key with the given flags', () => {
      spec
        .given([issued(1)])
        .when({
          type: 'IssueApiKey',
          data: {
            apiKeyId: 2,
            keyDigest: DIGEST,
            description: 'web',
            allowUserCreate: true,
            ignoreAcl: true,
          },
        })
        .then([
          {
            type: 'ApiKeyIssued',
            data: {
              apiKeyId: 2,
              keyDigest: DIGEST,
              description: 'web',
              allowUserCreate: true,
              ignoreAcl: true,
            },
          },
        ]);
    });

    it('refuses a key in place of its digest', () => {
      const command = { type: 'IssueApiKey', data: { apiKeyId: 1, keyDigest: 'f'.repeat(40) } } as const;
      expect(() => apiKeysDecider.decide(command, apiKeysDecider.initialState())).toThrow(
        'not a SHA-256 hex digest',
      );
    });

    it('reports a taken id as a concurrent update', () => {
      spec
        .given([issued(1)])
        .when({ type: 'IssueApiKey', data: { apiKeyId: 1, keyDigest: DIGEST } })
        .thenThrows({ kind: 'conflict', errors: [{ code: 'request.conflict' }] });
    });
  });

  describe('UpdateApiKey', () => {
    it('records only the changed fields', () => {
      spec
        .given([issued(1)])
        .when({ type: 'UpdateApiKey', data: { apiKeyId: 1, changes: { description: '', ignoreAcl: true } } })
        .then([{ type: 'ApiKeyUpdated', data: { apiKeyId: 1, changes: { ignoreAcl: true } } }]);
    });

    it('appends nothing when nothing changes', () => {
      spec
        .given([issued(1)])
        .when({
          type: 'UpdateApiKey',
          data: { apiKeyId: 1, changes: { description: '', allowUserCreate: false } },
        })
        .thenNothingHappened();
    });

    it('answers 404 for an unknown or revoked key', () => {
      const command = { type: 'UpdateApiKey', data: { apiKeyId: 1, changes: { ignoreAcl: true } } } as const;
      spec.given([]).when(command).thenThrows(notFound);
      spec
        .given([issued(1), revoked(1)])
        .when(command)
        .thenThrows(notFound);
    });
  });

  describe('RevokeApiKey', () => {
    it('revokes a key', () => {
      spec
        .given([issued(1)])
        .when({ type: 'RevokeApiKey', data: { apiKeyId: 1 } })
        .then([revoked(1)]);
    });

    it('answers 404 for an unknown or revoked key', () => {
      spec
        .given([issued(1)])
        .when({ type: 'RevokeApiKey', data: { apiKeyId: 2 } })
        .thenThrows(notFound);
      spec
        .given([issued(1), revoked(1)])
        .when({ type: 'RevokeApiKey', data: { apiKeyId: 1 } })
        .thenThrows(notFound);
    });
  });

  describe('RevokeAllApiKeys', () => {
    it('revokes every active key', () => {
      spec
        .given([issued(1), issued(2), revoked(1), issued(3)])
        .when({ type: 'RevokeAllApiKeys', data: {} })
        .then([revoked(2), revoked(3)]);
    });

    it('appends nothing when no key is active', () => {
      spec
        .given([issued(1), revoked(1)])
        .when({ type: 'RevokeAllApiKeys', data: {} })
        .thenNothingHappened();
    });
  });

  it('folds keys with their times, flags and creator', () => {
    const actor = { kind: 'account', id: '1' } as const;
    const state = fold(apiKeysDecider, [
      recorded(issued(1), { occurredAt: 't1', actor }),
      recorded(
        { type: 'ApiKeyUpdated', data: { apiKeyId: 1, changes: { allowUserCreate: true } } },
        { occurredAt: 't2' },
      ),
      recorded(issued(2), { occurredAt: 't3' }),
      recorded(revoked(2), { occurredAt: 't4' }),
    ]);
    expect(state.revision).toBe(4);
    expect(activeApiKey(state, 1)).toEqual({
      id: 1,
      keyDigest: DIGEST,
      description: '',
      allowUserCreate: true,
      ignoreAcl: false,
      createdAt: 't1',
      createdBy: actor,
      updatedAt: 't2',
      revokedAt: null,
    });
    expect(activeApiKey(state, 2)).toBeUndefined();
    expect(state.keys[1]?.revokedAt).toBe('t4');
  });
});
