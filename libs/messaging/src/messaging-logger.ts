/** The part of a pino logger the relay and the consumer kit use (object first, then the message). */
export interface MessagingLogger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Logs nothing. */
export const SILENT_MESSAGING_LOGGER: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
