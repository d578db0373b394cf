import { MessageBuffer } from './message-buffer.js';

describe('MessageBuffer', () => {
  it('hands over what arrived, in batches of at most max, then null once closed and drained', async () => {
    const buffer = new MessageBuffer<number>(10);
    await buffer.push(1);
    await buffer.push(2);
    await buffer.push(3);
    expect(await buffer.take(2)).toEqual([1, 2]);
    expect(await buffer.take(5)).toEqual([3]);
    const waiting = buffer.take(5);
    await buffer.push(4);
    expect(await waiting).toEqual([4]);
    buffer.close();
    expect(await buffer.take(5)).toBeNull();
  });

  it('holds the producer back at capacity until the consumer takes', async () => {
    const buffer = new MessageBuffer<number>(2);
    await buffer.push(1);
    let pushed = false;
    const second = buffer.push(2).then(() => (pushed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(pushed).toBe(false);
    expect(await buffer.take(10)).toEqual([1, 2]);
    await second;
    expect(pushed).toBe(true);
  });

  it('delivers what came before a failure, then throws it', async () => {
    const buffer = new MessageBuffer<number>(10);
    await buffer.push(1);
    buffer.close(new Error('connection lost'));
    expect(await buffer.take(10)).toEqual([1]);
    await expect(buffer.take(10)).rejects.toThrow('connection lost');
  });
});
