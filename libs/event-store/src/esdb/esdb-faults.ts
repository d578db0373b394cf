import { ErrorType } from '@eventstore/db-client';

/**
 * Errors that say the connection or the node failed, not the request: a subscription or read that
 * meets one starts again from where it was. Access, argument and mapping errors are not among them:
 * retrying those forever would hide a misconfiguration.
 */
const TRANSIENT: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
  ErrorType.UNKNOWN,
]);

/** True when `error` is a dropped connection or an unavailable node (worth retrying). */
export function isTransientFault(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { type, code } = error as { type?: unknown; code?: unknown };
  if (typeof type === 'string') return TRANSIENT.has(type);
  // A gRPC stream that closed before its end, without a status the client could convert.
  return code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/**
 * True when a stream read failed because the stream does not exist. The client raises it while the
 * read is iterated, not when `readStream` is called. A deleted stream does not exist either.
 */
export function isMissingStream(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { type } = error as { type?: unknown };
  return type === ErrorType.STREAM_NOT_FOUND || type === ErrorType.STREAM_DELETED;
}
