/** The fields both drivers (pg, PGlite) put on a server error. */
export interface DatabaseErrorFields {
  readonly code: string;
  readonly detail?: string;
  readonly constraint?: string;
}

/** The server error's fields, or undefined when `error` did not come from the server. */
export function databaseError(error: unknown): DatabaseErrorFields | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  // `severity` tells a server error from a Node socket error, whose `code` (EPIPE) may look alike.
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && typeof severity === 'string'
    ? (error as DatabaseErrorFields)
    : undefined;
}
