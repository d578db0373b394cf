import { streamNameFilter, type Filter } from '@eventstore/db-client';

/**
 * Roster's stream families (libs/domain's stream names). None starts with `$`, so a filter on them
 * alone already leaves out EventStoreDB's system streams (`$stats-…`, `$$…` metadata, projections).
 */
export const ROSTER_STREAM_PREFIXES: readonly string[] = Object.freeze([
  'instance-',
  'user-',
  'group-',
  'login-',
  'account',
  'apikeys-',
  'username-',
  'email-',
  'groupname-',
  'ids-',
]);

/** Which records of $all are the store's events. */
export class StreamFilter {
  readonly prefixes: readonly string[];

  constructor(prefixes: readonly string[] = ROSTER_STREAM_PREFIXES) {
    if (prefixes.length === 0) throw new RangeError('streamPrefixes must name at least one prefix');
    for (const prefix of prefixes) {
      if (prefix.length === 0 || prefix.startsWith('$')) {
        throw new RangeError(`stream prefix "${prefix}" is empty or names system streams`);
      }
    }
    this.prefixes = Object.freeze([...prefixes]);
  }

  /**
   * Ours: a stream with one of the prefixes, and not a `$` event type (EventStoreDB writes
   * `$streamDeleted` or `$metadata` into a stream's own name space when it is deleted or configured).
   */
  accepts(stream: string, type: string): boolean {
    return !type.startsWith('$') && this.prefixes.some((prefix) => stream.startsWith(prefix));
  }

  /**
   * Why an event appended to `stream` with `type` would never be read back from $all (readAll,
   * subscribeAll), or undefined when it would be. The SQL adapters read back every event.
   */
  unreadableProblem(stream: string, type: string): string | undefined {
    if (this.accepts(stream, type)) return undefined;
    if (type.startsWith('$')) return `event type "${type}" starts with "$" (reserved for system events)`;
    return `stream "${stream}" has none of the store's prefixes (${this.prefixes.join(', ')})`;
  }

  /** The server-side filter for `subscribeToAll`: the 6.x client takes one, so the prefixes alone. */
  toSubscriptionFilter(): Filter {
    return streamNameFilter({ prefixes: [...this.prefixes] });
  }
}
