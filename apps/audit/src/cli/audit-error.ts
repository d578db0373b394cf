/** Exit codes: 0 ok, 1 differences or not found (or the command failed), 2 bad usage. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A failure the operator can act on: printed as one line, no stack trace. */
export class AuditError extends Error {
  constructor(
    message: string,
    readonly exitCode: typeof EXIT_FAILED | typeof EXIT_USAGE = EXIT_FAILED,
  ) {
    super(message);
    this.name = 'AuditError';
  }
}

/** Bad usage the parser cannot see (e.g. an option that the store in use does not allow). */
export const usageError = (message: string): AuditError => new AuditError(message, EXIT_USAGE);

/** A message on one line: multi-line messages (a config error lists its problems) are joined. */
export const oneLine = (message: string): string =>
  message
    .split('\n')
    .map((line) => line.trim().replace(/^- /, ''))
    .filter((line) => line.length > 0)
    .join('; ')
    .replaceAll(':; ', ': ');
