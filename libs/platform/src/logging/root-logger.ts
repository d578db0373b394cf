import { pino, type Logger } from 'pino';
import type { Config } from '../config/config.js';
import { REDACTED_PATHS } from './redacted-paths.js';

/** The process's JSON logger; HTTP request logs and background workers share it. */
export function createRootLogger(config: Pick<Config, 'logLevel'>, name = 'roster'): Logger {
  return pino({ name, level: config.logLevel, redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' } });
}
