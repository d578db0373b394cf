import { DETAIL, DomainError } from './domain-error.js';

/**
 * A client's belief about a resource's revision (= the number of events in its stream):
 * from the body's `expected_revision` (400) or from `If-Match` (412). `If-Match: *` is no condition.
 */
export interface RevisionCondition {
  readonly revision: number;
  readonly source: 'body' | 'if_match';
}

/** Throws `revision.mismatch` in the form its source asks for, unless `current` is what the client expects. */
export function checkRevision(condition: RevisionCondition | undefined, current: number): void {
  if (condition === undefined || condition.revision === current) return;
  if (condition.source === 'body') {
    throw new DomainError('invalid', [
      {
        field: 'expected_revision',
        code: 'revision.mismatch',
        message: `Revision mismatch. Expected ${condition.revision}, got ${current}.`,
      },
    ]);
  }
  throw new DomainError('precondition', [
    {
      field: DETAIL,
      code: 'revision.mismatch',
      message: `Precondition failed: current revision is ${current}.`,
    },
  ]);
}

/**
 * The expected revision to append with, from a state's `revision` (events in the stream):
 * 'no_stream' for an empty stream, else the 0-based revision of its last event.
 * Structurally the event store's `ExpectedRevision`.
 */
export const expectedRevisionOf = (state: { readonly revision: number }): 'no_stream' | bigint =>
  state.revision === 0 ? 'no_stream' : BigInt(state.revision - 1);
