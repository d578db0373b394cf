import type { RecordedEvent } from '#event-store';
import { canonicalTime, isAtOrBefore, isFrom, parseMoment } from './moment.js';

const event = (occurredAt: string, commit: bigint, prepare: bigint) =>
  ({ metadata: { occurredAt }, position: { commit, prepare } }) as unknown as RecordedEvent;

describe('moments', () => {
  it('reads RFC 3339 times as UTC with microseconds, whatever the offset and fraction', () => {
    expect(canonicalTime('2024-05-01T10:00:00Z')).toBe('2024-05-01T10:00:00.000000Z');
    expect(canonicalTime('2024-05-01t12:30:00.5+02:30')).toBe('2024-05-01T10:00:00.500000Z');
    expect(canonicalTime('2024-05-01T00:00:00.123456789-01:00')).toBe('2024-05-01T01:00:00.123456Z');
    expect(canonicalTime('2024-12-31T23:59:59.999999-00:30')).toBe('2025-01-01T00:29:59.999999Z');
  });

  it('refuses what is not a valid RFC 3339 date-time', () => {
    for (const text of [
      '2024-02-30T00:00:00Z',
      '2024-05-01',
      '2024-05-01T10:00:00',
      '2024-05-01T24:00:00Z',
      'now',
    ]) {
      expect(canonicalTime(text)).toBeNull();
    }
    expect(() => parseMoment('yesterday')).toThrow('neither an RFC 3339 time');
  });

  it('reads positions as commit/prepare', () => {
    expect(parseMoment('12/7')).toEqual({ kind: 'position', position: { commit: 12n, prepare: 7n } });
  });

  it('compares times to the microsecond, positions in global order; --from positions are exclusive', () => {
    const at = event('2024-05-01T10:00:00.000001Z', 5n, 3n);
    expect(isAtOrBefore(at, parseMoment('2024-05-01T10:00:00.000001Z'))).toBe(true);
    expect(isAtOrBefore(at, parseMoment('2024-05-01T10:00:00Z'))).toBe(false);
    expect(isFrom(at, parseMoment('2024-05-01T10:00:00.000001Z'))).toBe(true);
    expect(isAtOrBefore(at, parseMoment('5/3'))).toBe(true);
    expect(isAtOrBefore(at, parseMoment('5/2'))).toBe(false);
    expect(isFrom(at, parseMoment('5/3'))).toBe(false);
    expect(isFrom(at, parseMoment('4/9'))).toBe(true);
  });
});
