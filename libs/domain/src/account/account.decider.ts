import type { Decider, Recorded } from '../shared/decider.js';
import { notFound, concurrentUpdate } from '../shared/domain-error.js';
import { assertKeyDigest } from '../shared/secrets.js';
import type { AccountCommand } from './account.commands.js';
import type { AccountEvent } from './account.events.js';

export interface AccountKey {
  readonly id: number;
  readonly keyDigest: string;
  readonly issuedAt: string;
  readonly revokedAt: string | null;
}

export interface AccountState {
  readonly revision: number;
  /** Every key ever issued, in issue order (revoked ones too). */
  readonly keys: readonly AccountKey[];
}

/** The id for the next account key (ids from 1); the append's expected revision keeps it unique. */
export const nextAccountKeyId = (state: AccountState): number =>
  Math.max(0, ...state.keys.map((k) => k.id)) + 1;

/** The active key with this digest, if any. */
export const activeAccountKey = (state: AccountState, keyDigest: string): AccountKey | undefined =>
  state.keys.find((key) => key.keyDigest === keyDigest && key.revokedAt === null);

function evolve(state: AccountState, event: Recorded<AccountEvent>): AccountState {
  const revision = state.revision + 1;
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'AccountKeyIssued': {
      const { accountKeyId: id, keyDigest } = event.data;
      return { revision, keys: [...state.keys, { id, keyDigest, issuedAt: at, revokedAt: null }] };
    }
    case 'AccountKeyRevoked': {
      const id = event.data.accountKeyId;
      return { revision, keys: state.keys.map((key) => (key.id === id ? { ...key, revokedAt: at } : key)) };
    }
    default:
      return { ...state, revision };
  }
}

function issue(state: AccountState, accountKeyId: number, keyDigest: string): AccountEvent[] {
  assertKeyDigest(keyDigest);
  if (activeAccountKey(state, keyDigest)) return [];
  if (state.keys.some((key) => key.id === accountKeyId)) throw concurrentUpdate();
  return [{ type: 'AccountKeyIssued', data: { accountKeyId, keyDigest } }];
}

function revoke(state: AccountState, accountKeyId: number): AccountEvent[] {
  const key = state.keys.find((k) => k.id === accountKeyId);
  if (!key || key.revokedAt !== null) throw notFound();
  return [{ type: 'AccountKeyRevoked', data: { accountKeyId } }];
}

function decide(command: AccountCommand, state: AccountState): AccountEvent[] {
  switch (command.type) {
    case 'IssueAccountKey':
      return issue(state, command.data.accountKeyId, command.data.keyDigest);
    case 'RevokeAccountKey':
      return revoke(state, command.data.accountKeyId);
    case 'RotateAccountKey': {
      const { accountKeyId, keyDigest, revokeAccountKeyId } = command.data;
      const revoked = revokeAccountKeyId === undefined ? [] : revoke(state, revokeAccountKeyId);
      return [...issue(state, accountKeyId, keyDigest), ...revoked];
    }
  }
}

/** Account keys: issue, revoke, rotate. Unknown or revoked key → 404. */
export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = {
  initialState: () => ({ revision: 0, keys: [] }),
  evolve,
  decide,
};
