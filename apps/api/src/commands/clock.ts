/** The time, for event metadata: RFC 3339 UTC with microseconds (clients require the fraction). */
export abstract class Clock {
  abstract now(): string;
}

/**
 * The wall clock with microseconds (the high-resolution timer's, since dates stop at
 * milliseconds), strictly increasing within the process so two events never share a time.
 */
export class SystemClock extends Clock {
  private lastMicros = 0;

  now(): string {
    const wallMicros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
    const micros = Math.max(wallMicros, this.lastMicros + 1);
    this.lastMicros = micros;
    const iso = new Date(Math.floor(micros / 1000)).toISOString();
    return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
  }
}
