import { InvalidAppendError } from './errors.js';
import type { ExpectedRevision } from './event-store.port.js';
import type { NewEvent } from './event.js';
import { jsonProblem } from './json-problem.js';

/** Longest stream name, in UTF-8 bytes: long enough for `kind-instance-lowercased-email`, short enough to index. */
export const MAX_STREAM_NAME_BYTES = 1024;
/** Longest event type, in UTF-8 bytes. */
export const MAX_EVENT_TYPE_BYTES = 256;
const MAX_REVISION = 2n ** 63n - 1n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks an append before any SQL runs and returns the events as the JSON text the append function
 * takes; throws `InvalidAppendError` naming the first problem.
 */
export function validateAppend(
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): string {
  checkStreamName(stream);
  checkExpectedRevision(expected);
  if (!Array.isArray(events)) throw new InvalidAppendError('events must be an array');
  const ids = new Set<string>();
  events.forEach((event, index) => {
    checkEvent(event, `events[${index}]`);
    const id = event.id.toLowerCase();
    if (ids.has(id))
      throw new InvalidAppendError(`events[${index}].id ${event.id} appears twice in the batch`);
    ids.add(id);
  });
  return JSON.stringify(
    events.map(({ id, type, data, metadata }) => ({ id: id.toLowerCase(), type, data, metadata })),
  );
}

/** A stream name is non-empty, valid Unicode, at most MAX_STREAM_NAME_BYTES, and not a `$` system stream. */
export function checkStreamName(stream: unknown): asserts stream is string {
  const problem = textProblem(stream, MAX_STREAM_NAME_BYTES);
  if (problem) throw new InvalidAppendError(`stream name ${problem}`);
  // EventStoreDB reserves `$`-names for system streams; refusing them everywhere keeps adapters alike.
  if ((stream as string).startsWith('$')) {
    throw new InvalidAppendError(
      `stream name "${String(stream)}" starts with "$" (reserved for system streams)`,
    );
  }
}

/** The expected revision as the append function's text parameter. */
export function expectedRevisionText(expected: ExpectedRevision): string {
  return typeof expected === 'bigint' ? expected.toString() : expected;
}

function checkExpectedRevision(expected: unknown): void {
  if (expected === 'no_stream' || expected === 'any' || expected === 'stream_exists') return;
  if (typeof expected === 'bigint' && expected >= 0n && expected <= MAX_REVISION) return;
  throw new InvalidAppendError(
    `expected revision must be 'no_stream', 'any', 'stream_exists' or a bigint revision >= 0, got ${describe(expected)}`,
  );
}

function checkEvent(event: unknown, path: string): asserts event is NewEvent {
  if (typeof event !== 'object' || event === null) throw new InvalidAppendError(`${path} is not an object`);
  const { id, type, data, metadata } = event as Record<string, unknown>;
  if (typeof id !== 'string' || !UUID.test(id)) {
    throw new InvalidAppendError(`${path}.id must be a UUID, got ${describe(id)}`);
  }
  const typeProblem = textProblem(type, MAX_EVENT_TYPE_BYTES);
  if (typeProblem) throw new InvalidAppendError(`${path}.type ${typeProblem}`);
  const dataProblem = jsonProblem(data);
  if (dataProblem) throw new InvalidAppendError(`${path}.data: ${dataProblem}`);
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new InvalidAppendError(`${path}.metadata must be an object`);
  }
  const metadataProblem = jsonProblem(metadata);
  if (metadataProblem) throw new InvalidAppendError(`${path}.metadata: ${metadataProblem}`);
}

function textProblem(text: unknown, maxBytes: number): string | undefined {
  if (typeof text !== 'string') return `must be a string, got ${describe(text)}`;
  if (text.length === 0) return 'is empty';
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) return `is ${bytes} bytes long (at most ${maxBytes})`;
  return jsonProblem(text)?.replace('$ ', '');
}

function describe(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : typeof value === 'string' ? `"${value}"` : String(value);
}
