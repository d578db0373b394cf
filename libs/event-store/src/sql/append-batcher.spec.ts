import type { AppendRow } from './append-events.sql.js';
import { AppendBatcher } from './append-batcher.js';

const row = (revision: string): AppendRow => ({
  revision,
  commit_position: '10',
  prepare_position: revision,
  actual: null,
});

/** Lets every pending promise callback run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** A batch call that waits until released, recording each call's appends. */
function heldCalls() {
  const calls: { appends: string[]; release(rows?: AppendRow[]): void; fail(error: Error): void }[] = [];
  const call = (json: string) =>
    new Promise<AppendRow[]>((resolve, reject) => {
      const appends = JSON.parse(json) as string[];
      calls.push({
        appends,
        release: (rows) => resolve(rows ?? appends.map((append) => row(append))),
        fail: reject,
      });
    });
  return { calls, call };
}

describe('AppendBatcher', () => {
  it('sends a lone append at once, by itself', async () => {
    const { calls, call } = heldCalls();
    const batcher = new AppendBatcher({ call, maxInFlight: 1, maxAppends: 10 });
    const answer = batcher.submit('"a"');
    expect(calls.map((c) => c.appends)).toEqual([['a']]);
    calls[0]!.release();
    await expect(answer).resolves.toEqual(row('a'));
  });

  it('sends the appends that arrive while every call is busy together, in order, at most maxAppends per call', async () => {
    const { calls, call } = heldCalls();
    const batcher = new AppendBatcher({ call, maxInFlight: 2, maxAppends: 3 });
    const answers = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => batcher.submit(`"${name}"`));
    expect(calls.map((c) => c.appends)).toEqual([['a'], ['b']]);
    calls[0]!.release();
    await settled();
    expect(calls.map((c) => c.appends)).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    calls[1]!.release();
    await settled();
    expect(calls.map((c) => c.appends)).toEqual([['a'], ['b'], ['c', 'd', 'e'], ['f', 'g']]);
    calls[2]!.release();
    calls[3]!.release();
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(row));
  });

  it('repeats a failed call append by append, so only the failing append fails', async () => {
    const { calls, call } = heldCalls();
    const batcher = new AppendBatcher({ call, maxInFlight: 1, maxAppends: 10 });
    const first = batcher.submit('"first"');
    const answers = ['a', 'bad', 'c'].map((name) => batcher.submit(`"${name}"`));
    calls[0]!.release();
    await first;
    await settled();
    expect(calls[1]!.appends).toEqual(['a', 'bad', 'c']);
    calls[1]!.fail(new Error('duplicate key value violates unique constraint "events_id_key"'));
    await settled();
    expect(calls.slice(2).map((c) => c.appends)).toEqual([['a'], ['bad'], ['c']]);
    calls[2]!.release();
    calls[3]!.fail(new Error('the bad one'));
    calls[4]!.release();
    const outcomes = await Promise.allSettled(answers);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: row('a') },
      { status: 'rejected', reason: new Error('the bad one') },
      { status: 'fulfilled', value: row('c') },
    ]);
  });

  it('fails the appends when a call answers with the wrong number of rows', async () => {
    const { calls, call } = heldCalls();
    const batcher = new AppendBatcher({ call, maxInFlight: 1, maxAppends: 10 });
    const answer = batcher.submit('"a"');
    calls[0]!.release([]);
    await expect(answer).rejects.toThrow('answered 0 rows for 1 appends');
  });
});
