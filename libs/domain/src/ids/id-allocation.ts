import type { Decider, DomainCommand, DomainEvent, Recorded } from '../shared/decider.js';
import type { IdKind } from '../shared/stream-names.js';

export type IdCounterKind = IdKind | 'instance';

/**
 * Streams `ids-{instance}-{user|group|apikey}` and `ids-instance`. Appended with `any`, so
 * concurrent allocations never conflict: each event gets its own revision, and the id it
 * allocates is that revision + 1 (`allocatedId`). `kind` only makes the event readable alone.
 */
export type IdAllocated = DomainEvent<'IdAllocated', { readonly kind: IdCounterKind }>;
export type IdEvent = IdAllocated;

export type AllocateId = DomainCommand<'AllocateId', { readonly kind: IdCounterKind }>;
export type IdCommand = AllocateId;

/** `lastId` = ids allocated so far = the stream's event count. */
export interface IdCounterState {
  readonly revision: number;
  readonly lastId: number;
}

/** The id an append allocated, from the append's 0-based `nextRevision` (ids start at 1). */
export const allocatedId = (nextRevision: bigint): number => Number(nextRevision) + 1;

/** Per-instance integer ids from 1, never reused. */
export const idCounterDecider: Decider<IdCommand, IdEvent, IdCounterState> = {
  initialState: () => ({ revision: 0, lastId: 0 }),
  evolve: (state: IdCounterState, event: Recorded<IdEvent>): IdCounterState => ({
    revision: state.revision + 1,
    lastId: event.type === 'IdAllocated' ? state.lastId + 1 : state.lastId,
  }),
  decide: (command) => [{ type: 'IdAllocated', data: { kind: command.data.kind } }],
};
