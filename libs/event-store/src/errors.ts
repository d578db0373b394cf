import type { ExpectedRevision } from './event-store.port.js';

/** The stream was not at the revision the writer expected; nothing was appended. */
export class WrongExpectedVersionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or 'no_stream' when it has no events. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream "${stream}" expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** The append itself was malformed (bad stream name, expected revision, id or data); nothing was appended. */
export class InvalidAppendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
