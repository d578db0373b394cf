import { PositionWaiters } from './position-waiters.js';

const at = (commit: number, prepare = 0) => ({ commit: BigInt(commit), prepare: BigInt(prepare) });

describe('PositionWaiters', () => {
  it('wakes exactly the waiters at or below the position reached', async () => {
    const waiters = new PositionWaiters();
    const low = waiters.wait(at(5, 1), 1000);
    const exact = waiters.wait(at(5, 2), 1000);
    const high = waiters.wait(at(6), 50);
    waiters.advance(at(5, 2));
    expect(await low).toBe(true);
    expect(await exact).toBe(true);
    expect(await high).toBe(false);
    expect(waiters.size).toBe(0);
  });

  it('answers at once for a passed position, never moves back, and cancels on shutdown', async () => {
    const waiters = new PositionWaiters();
    waiters.advance(at(9));
    waiters.advance(at(3));
    expect(waiters.reached).toEqual(at(9));
    expect(await waiters.wait(at(8), 0)).toBe(true);
    expect(await waiters.wait(at(10), 0)).toBe(false);
    const pending = waiters.wait(at(10), 10_000);
    waiters.cancelAll();
    expect(await pending).toBe(false);
  });
});
