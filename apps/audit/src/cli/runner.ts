import type { AuditContext } from './audit-storage.js';

/** Runs a command's work on the opened storage; the work returns its exit code (none = 0). */
export type Runner = (work: (context: AuditContext) => Promise<number | void>) => Promise<void>;
