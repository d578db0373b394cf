import { databaseError } from '../sql/database-error.js';

// Socket-level failures (Node errno codes) and pg's own words for a connection that went away.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const PG_CONNECTION_MESSAGES = [
  /connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
];

/**
 * True when `error` means the connection failed, so retrying on a new one may succeed: SQLSTATE
 * class 08 (connection exception), 57P01-03 (server shutting down or starting), 53300 (too many
 * connections), or a socket error. A query that is simply wrong is not a fault.
 */
export function isConnectionFault(error: unknown): boolean {
  const code = databaseError(error)?.code;
  if (code) return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
  if (!(error instanceof Error)) return false;
  const errno = (error as NodeJS.ErrnoException).code;
  if (errno && SOCKET_CODES.has(errno)) return true;
  return PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(error.message));
}
