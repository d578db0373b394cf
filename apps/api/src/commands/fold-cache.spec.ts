import { FoldCache } from './fold-cache.js';

describe('FoldCache', () => {
  const decider = {};
  const other = {};

  it('hands back what was folded, for the same decider only', () => {
    const cache = new FoldCache(10);
    cache.set('group-a-1', decider, { state: { members: [7] }, revision: 3 });
    expect(cache.get('group-a-1', decider)).toEqual({ state: { members: [7] }, revision: 3 });
    expect(cache.get('group-a-1', other)).toBeUndefined();
    expect(cache.get('group-a-2', decider)).toBeUndefined();
  });

  it('keeps the newer fold when an older one arrives last', () => {
    const cache = new FoldCache(10);
    cache.set('s', decider, { state: 'at 5', revision: 5 });
    cache.set('s', decider, { state: 'at 4', revision: 4 });
    expect(cache.get('s', decider)).toEqual({ state: 'at 5', revision: 5 });
    cache.set('s', decider, { state: 'at 6', revision: 6 });
    expect(cache.get('s', decider)?.revision).toBe(6);
  });

  it('forgets the least recently used stream past its capacity', () => {
    const cache = new FoldCache(2);
    cache.set('a', decider, { state: 'a', revision: 1 });
    cache.set('b', decider, { state: 'b', revision: 1 });
    cache.get('a', decider);
    cache.set('c', decider, { state: 'c', revision: 1 });
    expect(cache.get('b', decider)).toBeUndefined();
    expect(cache.get('a', decider)?.state).toBe('a');
    expect(cache.get('c', decider)?.state).toBe('c');
  });
});
