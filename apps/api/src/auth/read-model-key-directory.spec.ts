import type { Position } from '#event-store';
import type { InstanceRepository, KeyRepository, ProjectionProgress, UserRepository } from '#read-models';
import { ReadModelKeyDirectory } from './read-model-key-directory.js';

const at = (commit: number): Position => ({ commit: BigInt(commit), prepare: 0n });

/** Read models with one account key, and a projector the test moves by hand. */
function fixture(ttlMs = 1000) {
  let live = true;
  let queries = 0;
  const keys = {
    accountKeyId: async () => {
      queries++;
      return live ? 7 : null;
    },
  } as unknown as KeyRepository;
  let reach: (() => void) | null = null;
  const progress: ProjectionProgress = {
    waitFor: () => new Promise<boolean>((resolve) => (reach = () => resolve(true))),
  };
  const directory = new ReadModelKeyDirectory(
    keys,
    {} as InstanceRepository,
    {} as UserRepository,
    progress,
    { ttlMs, maxEntries: 10, settleMs: 1000 },
  );
  return {
    directory,
    queries: () => queries,
    revoke: () => (live = false),
    projectorReaches: async () => {
      reach!();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('ReadModelKeyDirectory cache', () => {
  it('answers a repeated lookup from the cache within the TTL', async () => {
    const f = fixture();
    expect(await f.directory.accountKeyId('d')).toBe(7);
    expect(await f.directory.accountKeyId('d')).toBe(7);
    expect(f.queries()).toBe(1);
  });

  it('a revocation written here takes effect at once: bypassed until projected, then emptied', async () => {
    const f = fixture();
    await f.directory.accountKeyId('d');
    f.directory.written(at(5), ['AccountKeyRevoked']);
    // Before the read models show it: read through, not cached.
    expect(await f.directory.accountKeyId('d')).toBe(7);
    f.revoke();
    await f.projectorReaches();
    expect(await f.directory.accountKeyId('d')).toBeNull();
    expect(await f.directory.accountKeyId('d')).toBeNull();
    expect(f.queries()).toBe(3);
  });

  it('other writes leave the cache alone', async () => {
    const f = fixture();
    await f.directory.accountKeyId('d');
    f.directory.written(at(5), ['UserCreated', 'MembershipAdded']);
    await f.directory.accountKeyId('d');
    expect(f.queries()).toBe(1);
  });

  it('a change written elsewhere shows after the TTL', async () => {
    const f = fixture(20);
    await f.directory.accountKeyId('d');
    f.revoke();
    expect(await f.directory.accountKeyId('d')).toBe(7);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await f.directory.accountKeyId('d')).toBeNull();
  });
});
