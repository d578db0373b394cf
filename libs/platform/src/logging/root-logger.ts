import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/config.js';
import { REDACTED_PATHS } from './redacted-paths.js';

/** The process's JSON logger (stdout unless told otherwise); HTTP request logs and workers share it. */
export function createRootLogger(
  config: Pick<Config, 'logLevel'>,
  name = 'roster',
  destination?: DestinationStream,
): Logger {
  const options = {
    name,
    level: config.logLevel,
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
