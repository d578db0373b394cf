import type { MessagingLogger } from '../messaging-logger.js';

/**
 * Sends the process's warnings to the JSON log instead of stderr's plain text. kafkajs 2.2.4 sets a
 * negative timeout on Node ≥ 22 (`TimeoutNegativeWarning`, harmless: Node waits 1 ms): debug only.
 */
export function logProcessWarnings(logger: MessagingLogger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    const fields = { warning: warning.name, err: warning.message };
    if (warning.name === 'TimeoutNegativeWarning') logger.debug(fields, 'process warning');
    else logger.warn(fields, 'process warning');
  });
}
