import type { DomainCommand } from '../shared/decider.js';

/** `accountKeyId` from `nextAccountKeyId(state)`. A digest already active issues nothing (bootstrap on every start). */
export type IssueAccountKey = DomainCommand<
  'IssueAccountKey',
  { readonly accountKeyId: number; readonly keyDigest: string }
>;
export type RevokeAccountKey = DomainCommand<'RevokeAccountKey', { readonly accountKeyId: number }>;
/** `rotate_key/`: issues the new key and revokes the calling one in one append. */
export type RotateAccountKey = DomainCommand<
  'RotateAccountKey',
  {
    readonly accountKeyId: number;
    readonly keyDigest: string;
    /** The calling key's id; absent when it has no event (e.g. a key only configured in the environment). */
    readonly revokeAccountKeyId?: number;
  }
>;

export type AccountCommand = IssueAccountKey | RevokeAccountKey | RotateAccountKey;
