import { SystemClock } from './clock.js';

describe('SystemClock', () => {
  it('prints RFC 3339 UTC with six fraction digits', () => {
    expect(new SystemClock().now()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  it('never repeats or goes back within a process', () => {
    const clock = new SystemClock();
    const times = Array.from({ length: 5000 }, () => clock.now());
    for (let i = 1; i < times.length; i++) expect(times[i]! > times[i - 1]!).toBe(true);
  });
});
