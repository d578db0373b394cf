/** The default PostgreSQL schema that holds the event store's tables. */
export const DEFAULT_SCHEMA = 'roster';

// Lower-case identifiers only, so the name needs no case folding rules and fits, with a suffix,
// in PostgreSQL's 63-byte identifiers (the NOTIFY channel is derived from it).
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,49}$/;

/** The schema name quoted for SQL text; throws on anything but a plain lower-case identifier. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError(`Not a schema name: "${schema}" (expected ${SCHEMA_NAME.source})`);
  }
  return `"${schema}"`;
}
