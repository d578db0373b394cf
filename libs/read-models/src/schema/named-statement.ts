import { createHash } from 'node:crypto';
import type { SqlStatement } from '#event-store';

/**
 * A named (server-side prepared) statement. The name is derived from the text: PostgreSQL keeps
 * at most 63 bytes of a statement name, so schema-qualified names built by concatenation could
 * collide; a digest of the text (which contains the schema) cannot.
 */
export function namedStatement(label: string, text: string): SqlStatement {
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 24);
  return { name: `rm_${label.slice(0, 32)}_${digest}`, text };
}
