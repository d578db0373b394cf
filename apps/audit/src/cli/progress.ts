import { SingleBar } from 'cli-progress';
import type { Position } from '#event-store';
import type { AuditIo } from './audit-io.js';

/** Progress of a pass over the log, shown on stderr: a bar with events/s and ETA. */
export interface Progress {
  /** `events` done so far, the last at `position` (the head when a pass is complete). */
  update(events: number, position: Position): void;
  /** Shows the last update and ends the bar. */
  stop(): void;
}

/** `--progress` / `--no-progress`; without either, a bar only when stderr is a terminal. */
export type ProgressChoice = boolean | undefined;

const UPDATE_EVERY_MS = 100;

/**
 * A bar over the positions from `start` to `head`: the store's positions grow with the log (the
 * SQL stores' sequence numbers, EventStoreDB's log offsets), so they measure how far a pass is
 * whatever the adapter, without counting the events first.
 */
export function progressBar(
  io: AuditIo,
  label: string,
  start: Position,
  head: Position,
  choice: ProgressChoice,
): Progress {
  const shown = choice ?? io.stderr.isTTY === true;
  if (!shown) return { update: () => undefined, stop: () => undefined };
  const origin = start.prepare < 0n ? 0n : start.prepare;
  const total = Math.max(1, Number(head.prepare - origin));
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {events} events | {rate} events/s | ETA {eta_formatted}`,
    stream: io.stderr,
    noTTYOutput: io.stderr.isTTY !== true,
    notTTYSchedule: 1000,
    hideCursor: null,
    etaBuffer: 50,
  });
  const startedAt = performance.now();
  let lastUpdate = 0;
  let done = 0;
  let count = 0;
  bar.start(total, 0, { events: 0, rate: 0 });
  const render = (events: number) => {
    const seconds = (performance.now() - startedAt) / 1000;
    const rate = seconds > 0 ? Math.round(events / seconds) : 0;
    bar.update(Math.min(total, done), { events, rate });
  };
  return {
    update(events, position) {
      count = events;
      done = Math.max(done, Number(position.prepare - origin));
      const now = performance.now();
      if (now - lastUpdate < UPDATE_EVERY_MS) return;
      lastUpdate = now;
      render(events);
    },
    stop() {
      render(count);
      bar.stop();
    },
  };
}
