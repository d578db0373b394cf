/** Paths that may carry a secret; pino replaces them before a line is written. */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers["x-api-key"]',
  'req.headers["x-user-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.api_key',
  '*.account_key',
  '*.user_key',
];
