import { comparePositions, parsePosition, type Position, type RecordedEvent } from '#event-store';

/**
 * A point in the log as an operator names it: a time (RFC 3339, compared with the events'
 * `occurredAt` to the microsecond) or a position (`commit/prepare`, as history and export print it).
 */
export type Moment =
  | { readonly kind: 'time'; readonly time: string }
  | { readonly kind: 'position'; readonly position: Position };

const POSITION = /^\s*-?\d+\/-?\d+\s*$/;
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
/** How the service writes `occurredAt`: UTC, microseconds. Such strings compare as times. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Parses a time or a position; throws a RangeError saying what is expected. */
export function parseMoment(text: string): Moment {
  if (POSITION.test(text)) return { kind: 'position', position: parsePosition(text) };
  const time = canonicalTime(text);
  if (time === null) {
    throw new RangeError(
      `"${text}" is neither an RFC 3339 time (2024-05-01T12:00:00Z) nor a position (commit/prepare)`,
    );
  }
  return { kind: 'time', time };
}

/** An RFC 3339 date-time as UTC with microseconds (`2024-05-01T10:00:00.000000Z`), or null. */
export function canonicalTime(text: string): string | null {
  const match = RFC3339.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  local.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  const valid =
    local.getUTCMonth() === month - 1 &&
    local.getUTCDate() === day &&
    local.getUTCHours() === hour &&
    local.getUTCMinutes() === minute &&
    local.getUTCSeconds() === second;
  if (!valid) return null;
  const sign = match[8] === '-' ? -1 : 1;
  const offsetMinutes = match[8] ? sign * (Number(match[9]) * 60 + Number(match[10])) : 0;
  if (Math.abs(offsetMinutes) >= 24 * 60) return null;
  const utc = new Date(local.getTime() - offsetMinutes * 60_000);
  const year4 = utc.getUTCFullYear();
  if (year4 < 0 || year4 > 9999) return null;
  const micros = (match[7] ?? '').padEnd(6, '0').slice(0, 6);
  return `${utc.toISOString().slice(0, 19)}.${micros}Z`;
}

/** The event's time in canonical form (the service always writes it so; older shapes are parsed). */
export function eventTime(event: RecordedEvent): string {
  const occurredAt = event.metadata.occurredAt;
  return CANONICAL.test(occurredAt) ? occurredAt : (canonicalTime(occurredAt) ?? occurredAt);
}

/** The event happened at or before the moment: its position is not after it, or its time not later. */
export function isAtOrBefore(event: RecordedEvent, moment: Moment): boolean {
  return moment.kind === 'position'
    ? comparePositions(event.position, moment.position) <= 0
    : eventTime(event) <= moment.time;
}

/**
 * The event is in a range starting at the moment: after the position (exclusive, as checkpoints
 * are: pass the last position you have), or at or after the time (inclusive).
 */
export function isFrom(event: RecordedEvent, moment: Moment): boolean {
  return moment.kind === 'position'
    ? comparePositions(event.position, moment.position) > 0
    : eventTime(event) >= moment.time;
}

/** How a moment reads in messages. */
export const describeMoment = (moment: Moment): string =>
  moment.kind === 'time' ? moment.time : `position ${moment.position.commit}/${moment.position.prepare}`;
