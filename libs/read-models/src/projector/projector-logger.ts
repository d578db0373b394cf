/** The part of a pino logger the projector uses (structured object first, then the message). */
export interface ProjectorLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Logs nothing. */
export const SILENT_LOGGER: ProjectorLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
