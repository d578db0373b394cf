import { DomainError } from './domain-error.js';
import { checkRevision, expectedRevisionOf } from './revision.js';

const thrown = (f: () => void): unknown => {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('revision conditions', () => {
  it('passes without a condition or when it holds', () => {
    expect(() => checkRevision(undefined, 4)).not.toThrow();
    expect(() => checkRevision({ revision: 4, source: 'body' }, 4)).not.toThrow();
  });

  it('answers a stale body expected_revision with 400 in Syncano form', () => {
    const error = thrown(() => checkRevision({ revision: 3, source: 'body' }, 4));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      kind: 'invalid',
      errors: [
        {
          field: 'expected_revision',
          code: 'revision.mismatch',
          message: 'Revision mismatch. Expected 3, got 4.',
        },
      ],
    });
  });

  it('answers a stale If-Match with 412', () => {
    expect(thrown(() => checkRevision({ revision: 3, source: 'if_match' }, 4))).toMatchObject({
      kind: 'precondition',
      errors: [
        {
          field: 'detail',
          code: 'revision.mismatch',
          message: 'Precondition failed: current revision is 4.',
        },
      ],
    });
  });

  it('maps a state revision to the expected revision of an append', () => {
    expect(expectedRevisionOf({ revision: 0 })).toBe('no_stream');
    expect(expectedRevisionOf({ revision: 4 })).toBe(3n);
  });
});
