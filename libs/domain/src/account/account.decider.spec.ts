/* oxlint-disable jest/expect-expect -- decider specs assert inside deciderSpecification (then, thenThrows) */
import { fold } from '../shared/decider.js';
import { deciderSpecification, recorded } from '../testing/index.js';
import { accountDecider, activeAccountKey, nextAccountKeyId } from './account.decider.js';
import type { AccountEvent } from './account.events.js';

const spec = deciderSpecification(accountDecider);
const digest = (n: number): string => String(n).repeat(64).slice(0, 64);
const issued = (id: number): AccountEvent => ({
  type: 'AccountKeyIssued',
  data: { accountKeyId: id, keyDigest: digest(id) },
});
const revoked = (id: number): AccountEvent => ({ type: 'AccountKeyRevoked', data: { accountKeyId: id } });
const notFound = {
  kind: 'not_found',
  errors: [{ field: 'detail', code: 'resource.not_found', message: 'Not found.' }],
} as const;

describe('account decider', () => {
  describe('IssueAccountKey', () => {
    it('issues a key', () => {
      spec
        .given([])
        .when({ type: 'IssueAccountKey', data: { accountKeyId: 1, keyDigest: digest(1) } })
        .then([issued(1)]);
    });

    it('issues nothing for a digest already active (bootstrap on every start)', () => {
      spec
        .given([issued(1)])
        .when({ type: 'IssueAccountKey', data: { accountKeyId: 2, keyDigest: digest(1) } })
        .thenNothingHappened();
    });

    it('refuses a key in place of its digest', () => {
      const command = {
        type: 'IssueAccountKey',
        data: { accountKeyId: 1, keyDigest: 'f'.repeat(40) },
      } as const;
      expect(() => accountDecider.decide(command, accountDecider.initialState())).toThrow(
        'not a SHA-256 hex digest',
      );
    });

    it('reports a taken id as a concurrent update', () => {
      spec
        .given([issued(1)])
        .when({ type: 'IssueAccountKey', data: { accountKeyId: 1, keyDigest: digest(2) } })
        .thenThrows({ kind: 'conflict', errors: [{ field: 'detail', code: 'request.conflict' }] });
    });
  });

  describe('RevokeAccountKey', () => {
    it('revokes an active key', () => {
      spec
        .given([issued(1)])
        .when({ type: 'RevokeAccountKey', data: { accountKeyId: 1 } })
        .then([revoked(1)]);
    });

    it('answers 404 for an unknown or revoked key', () => {
      spec
        .given([])
        .when({ type: 'RevokeAccountKey', data: { accountKeyId: 1 } })
        .thenThrows(notFound);
      spec
        .given([issued(1), revoked(1)])
        .when({ type: 'RevokeAccountKey', data: { accountKeyId: 1 } })
        .thenThrows(notFound);
    });
  });

  describe('RotateAccountKey', () => {
    it('issues the new key and revokes the calling one in one append', () => {
      spec
        .given([issued(1)])
        .when({
          type: 'RotateAccountKey',
          data: { accountKeyId: 2, keyDigest: digest(2), revokeAccountKeyId: 1 },
        })
        .then([issued(2), revoked(1)]);
    });

    it('only issues when the calling key has no event', () => {
      spec
        .given([])
        .when({ type: 'RotateAccountKey', data: { accountKeyId: 1, keyDigest: digest(1) } })
        .then([issued(1)]);
    });

    it('answers 404 when the calling key is already revoked', () => {
      spec
        .given([issued(1), revoked(1)])
        .when({
          type: 'RotateAccountKey',
          data: { accountKeyId: 2, keyDigest: digest(2), revokeAccountKeyId: 1 },
        })
        .thenThrows(notFound);
    });
  });

  it('folds keys, next id and the active key by digest', () => {
    const state = fold(accountDecider, [
      recorded(issued(1), { occurredAt: 't1' }),
      recorded(issued(2), { occurredAt: 't2' }),
      recorded(revoked(1), { occurredAt: 't3' }),
    ]);
    expect(state.revision).toBe(3);
    expect(state.keys).toEqual([
      { id: 1, keyDigest: digest(1), issuedAt: 't1', revokedAt: 't3' },
      { id: 2, keyDigest: digest(2), issuedAt: 't2', revokedAt: null },
    ]);
    expect(nextAccountKeyId(state)).toBe(3);
    expect(nextAccountKeyId(accountDecider.initialState())).toBe(1);
    expect(activeAccountKey(state, digest(1))).toBeUndefined();
    expect(activeAccountKey(state, digest(2))?.id).toBe(2);
  });
});
