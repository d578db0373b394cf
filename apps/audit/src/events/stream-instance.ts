import { parseResourceStream } from '#domain';

// The instance a stream belongs to, for every stream the service writes (see DESIGN "Streams").
const INTERNAL_STREAM =
  /^(?:apikeys-([a-z][a-z0-9-]{2,63})|ids-([a-z][a-z0-9-]{2,63})-(?:user|group|apikey)|(?:username|email|groupname)-([a-z][a-z0-9-]{2,63}):.*)$/s;

/** The instance whose data the stream holds; null for the account and the global id counter. */
export function instanceOfStream(stream: string): string | null {
  const resource = parseResourceStream(stream);
  if (resource) return resource.instance;
  const internal = INTERNAL_STREAM.exec(stream);
  return internal ? (internal[1] ?? internal[2] ?? internal[3] ?? null) : null;
}

/**
 * Streams that record what someone did in an instance: the instance, its users, groups, logins and
 * API keys. Not the bookkeeping a write does on the side (name reservations, id counters).
 */
export function isActivityStream(stream: string): boolean {
  return parseResourceStream(stream) !== null || stream.startsWith('apikeys-');
}
