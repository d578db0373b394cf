/** The time, for event metadata: RFC 3339 UTC with microseconds (clients require the fraction). */
export abstract class Clock {
  abstract now(): string;
}

/**
 * The wall clock, strictly increasing within the process: JavaScript dates stop at milliseconds,
 * so the microseconds come from a counter that keeps two events of one millisecond in order.
 */
export class SystemClock extends Clock {
  private lastMicros = 0;

  now(): string {
    const micros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    const iso = new Date(Math.floor(micros / 1000)).toISOString();
    return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
  }
}
