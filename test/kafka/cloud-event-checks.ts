// An independent reading of the contract (docs/events.md), so the Kafka suites do not check the
// relay's output with the relay's own code.
import type { EventStore, RecordedEvent } from '#event-store';

/** The streams whose events are published (DESIGN.md "Streams and events"). */
export const PUBLIC_STREAM = /^(instance|user|group|login)-/;

/**
 * The public events in `store`, in global order: what the topic must hold, read from the store rather
 * than through the relay's own filter.
 */
export async function publicEventsIn(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) if (PUBLIC_STREAM.test(event.stream)) events.push(event);
  return events;
}

/** What must never appear in a message: hashes, key digests (64 hex), their field names. */
export const SECRET_PATTERNS: readonly RegExp[] = [/argon2/i, /passwordHash/i, /digest/i, /[0-9a-f]{64}/i];

/**
 * The stored data as it should be published: everything but the password hash, and for
 * `UserUpdated` whether the write set a password.
 */
export function publicDataOf(event: RecordedEvent): unknown {
  const { passwordHash: secret, ...rest } = event.data as Record<string, unknown>;
  return event.type === 'UserUpdated' ? { ...rest, passwordChanged: secret !== undefined } : rest;
}

export interface CheckedCloudEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: string;
  readonly time: string;
  readonly data: unknown;
}

const ALLOWED = ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data'];

/** Throws unless `value` is a CloudEvents 1.0 JSON event shaped as docs/events.md says. */
export function assertValidRosterCloudEvent(value: string): CheckedCloudEvent {
  const event = JSON.parse(value) as Record<string, unknown>;
  const fail = (why: string): never => {
    throw new Error(`not a valid Roster CloudEvent (${why}): ${value}`);
  };
  for (const name of Object.keys(event)) {
    if (!/^[a-z0-9]{1,20}$/.test(name)) fail(`attribute name "${name}"`);
    if (!ALLOWED.includes(name)) fail(`unexpected attribute "${name}"`);
  }
  if (event['specversion'] !== '1.0') fail('specversion');
  for (const name of ['id', 'source', 'type', 'subject', 'time']) {
    if (typeof event[name] !== 'string' || event[name] === '') fail(name);
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(event['id'] as string))
    fail('id');
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(event['time'] as string)) fail('time');
  if (event['datacontenttype'] !== 'application/json') fail('datacontenttype');
  if (typeof event['data'] !== 'object' || event['data'] === null) fail('data');
  const subject = event['subject'] as string;
  const resource = /^(user|group|login)-([a-z][a-z0-9-]{2,63})-(\d+)$/.exec(subject);
  const instance = /^instance-([a-z][a-z0-9-]{2,63})$/.exec(subject);
  const source = resource
    ? `/instances/${resource[2]}/${resource[1] === 'group' ? 'groups' : 'users'}/${resource[3]}`
    : instance
      ? `/instances/${instance[1]}`
      : fail('subject is not a public stream');
  if (event['source'] !== source) fail(`source should be ${source}`);
  return event as unknown as CheckedCloudEvent;
}
