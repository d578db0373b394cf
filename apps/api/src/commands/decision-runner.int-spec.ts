import { randomUUID } from 'node:crypto';
import { groupDecider, groupStream, type Decider } from '#domain';
import { openPgliteEventStore, type EventStore, type ReadStreamOptions } from '#event-store';
import { SystemClock } from './clock.js';
import { DecisionRunner } from './decision-runner.js';

const STREAM = groupStream('kaedwen', 1);
const context = {
  actor: { kind: 'system', id: 'spec' },
  requestId: null,
  correlationId: randomUUID(),
  causationId: null,
} as const;

describe('DecisionRunner loads', () => {
  let store: EventStore;
  const reads: { from: bigint | undefined; events: number }[] = [];

  beforeAll(async () => {
    const inner = await openPgliteEventStore();
    // Counts what each load reads, and from where.
    store = {
      append: (stream, events, expected) => inner.append(stream, events, expected),
      readStream: async function* (stream: string, options?: ReadStreamOptions) {
        const read = { from: options?.from, events: 0 };
        reads.push(read);
        for await (const event of inner.readStream(stream, options)) {
          read.events += 1;
          yield event;
        }
      },
      readAll: (options) => inner.readAll(options),
      subscribeAll: (options) => inner.subscribeAll(options),
      headPosition: () => inner.headPosition(),
      close: () => inner.close(),
    };
  });
  afterAll(() => store.close());

  it('reads only what was appended since its last load, whoever appended it, and fold to the same state', async () => {
    const runner = new DecisionRunner(store, new SystemClock());
    await runner.decide(
      STREAM,
      groupDecider,
      {
        type: 'CreateGroup',
        data: { groupId: 1, fields: { label: 'Kaedwen', description: '', name: null } },
      },
      context,
    );
    for (const userId of [1, 2, 3])
      await runner.decide(
        STREAM,
        groupDecider,
        { type: 'AddMembership', data: { groupId: 1, userId, user: { exists: true }, bodyField: 'user' } },
        context,
      );
    // Another process's write: this runner has never seen it.
    await new DecisionRunner(store, new SystemClock()).decide(
      STREAM,
      groupDecider,
      { type: 'AddMembership', data: { groupId: 1, userId: 4, user: { exists: true }, bodyField: 'user' } },
      context,
    );
    reads.length = 0;
    const loaded = await runner.load(STREAM, groupDecider);
    // Its cache holds its own appends: it reads the other's, no more.
    expect(reads).toEqual([{ from: 4n, events: 1 }]);

    const fresh = await new DecisionRunner(store, new SystemClock()).load(STREAM, groupDecider);
    expect(loaded).toEqual(fresh);
    expect(loaded.revision).toBe(5);
    expect(loaded.state.group?.members).toEqual([1, 2, 3, 4]);
  });

  const add = (userId: number) =>
    ({
      type: 'AddMembership',
      data: { groupId: 2, userId, user: { exists: true }, bodyField: 'user' },
    }) as const;
  const create = {
    type: 'CreateGroup',
    data: { groupId: 2, fields: { label: 'Redania', description: '', name: null } },
  } as const;
  const OTHER_STREAM = groupStream('redania', 2);

  it('decides on its cached fold without reading; one gone stale is refused by the append and decided again on the stream', async () => {
    const runner = new DecisionRunner(store, new SystemClock());
    await runner.decide(OTHER_STREAM, groupDecider, create, context);
    reads.length = 0;
    await runner.decide(OTHER_STREAM, groupDecider, add(1), context);
    expect(reads).toEqual([]);

    await new DecisionRunner(store, new SystemClock()).decide(OTHER_STREAM, groupDecider, add(2), context);
    reads.length = 0;
    const decided = await runner.decide(OTHER_STREAM, groupDecider, add(3), context);
    // The append from the stale fold failed; the second attempt read the other writer's event.
    expect(reads).toEqual([{ from: 2n, events: 1 }]);
    expect(decided.state.group?.members).toEqual([1, 2, 3]);
    expect(decided.revision).toBe(4);
  });

  it('a refusal on its cached fold is checked against the stream as stored', async () => {
    const runner = new DecisionRunner(store, new SystemClock());
    const stream = groupStream('temeria', 2);
    await runner.decide(stream, groupDecider, create, context);
    await runner.decide(stream, groupDecider, add(1), context);
    // Another process ends the membership: this runner's cache still has user 1 as a member.
    await new DecisionRunner(store, new SystemClock()).decide(
      stream,
      groupDecider,
      { type: 'RemoveMembership', data: { groupId: 2, userId: 1, reason: 'removed' } },
      context,
    );
    const decided = await runner.decide(stream, groupDecider, add(1), context);
    expect(decided.events.map((event) => event.type)).toEqual(['MembershipAdded']);
    expect(decided.state.group?.members).toEqual([1]);
  });

  it('caches the state a read of its appends would fold, undefined fields dropped as JSON drops them', async () => {
    type Set = { readonly type: 'Set'; readonly data: Readonly<Record<string, unknown>> };
    const spreading: Decider<Set, Set, Readonly<Record<string, unknown>>> = {
      initialState: () => ({ kept: 'yes' }),
      evolve: (state, event) => ({ ...state, ...event.data }),
      decide: (command) => [command],
    };
    const stream = 'spreading-1';
    const runner = new DecisionRunner(store, new SystemClock());
    const decided = await runner.decide(
      stream,
      spreading,
      { type: 'Set', data: { kept: undefined, n: 1 } },
      context,
    );
    const fresh = await new DecisionRunner(store, new SystemClock()).load(stream, spreading);
    expect(decided.state).toStrictEqual(fresh.state);
    expect((await runner.load(stream, spreading)).state).toStrictEqual(fresh.state);
  });
});
