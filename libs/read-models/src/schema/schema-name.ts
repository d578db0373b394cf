/** The default PostgreSQL schema of the read models (the event store's default too: no name clashes). */
export const DEFAULT_READ_MODEL_SCHEMA = 'roster';

// Lower-case identifiers only, at most 50 characters, so the NOTIFY channel (the name plus
// `.checkpoints`) still fits PostgreSQL's 63-byte identifiers.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,49}$/;
const SCRATCH_SUFFIX_MAX = 8;

/** The schema name quoted for SQL text; throws on anything but a plain lower-case identifier. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError(`Not a read-model schema name: "${schema}" (expected ${SCHEMA_NAME.source})`);
  }
  return `"${schema}"`;
}

/** A scratch schema beside `schema` (`{schema}_{suffix}`), for rebuilds and verification. */
export function scratchSchemaOf(schema: string, suffix: 'rebuild' | 'verify'): string {
  if (suffix.length > SCRATCH_SUFFIX_MAX) throw new RangeError(`scratch suffix too long: ${suffix}`);
  return quoteSchema(`${schema}_${suffix}`).slice(1, -1);
}

/** The NOTIFY channel on which checkpoint commits in `schema` are announced. */
export const checkpointChannelOf = (schema: string): string => `${schema}.checkpoints`;
