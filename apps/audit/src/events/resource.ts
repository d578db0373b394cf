import {
  groupDecider,
  groupStream,
  userDecider,
  userStream,
  type Decider,
  type DomainCommand,
  type DomainEvent,
  type Recorded,
} from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';

/** The resources whose history and past state the audit tool shows. */
export const RESOURCE_KINDS = ['user', 'group'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface ResourceRef {
  readonly instance: string;
  readonly kind: ResourceKind;
  readonly id: number;
}

export const streamOf = ({ instance, kind, id }: ResourceRef): string =>
  kind === 'user' ? userStream(instance, id) : groupStream(instance, id);

export const describeResource = ({ instance, kind, id }: ResourceRef): string =>
  `${kind} ${id} in instance ${instance}`;

/** One event of a fold with the state before and after it. */
export interface FoldStep<State> {
  readonly event: RecordedEvent;
  readonly before: State;
  readonly after: State;
}

/** Folds the events with the decider's `evolve` (the service's own), yielding every step. */
export async function* foldSteps<C extends DomainCommand, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  events: AsyncIterable<RecordedEvent>,
): AsyncGenerator<FoldStep<S>> {
  let state = decider.initialState();
  for await (const event of events) {
    const before = state;
    // The store's RecordedEvent is the domain's Recorded shape; unknown types only move the revision.
    state = decider.evolve(state, event as unknown as Recorded<E>);
    yield { event, before, after: state };
  }
}

/** A stream's events, kept while `keep` says so (a stream is short: read whole, then filtered). */
export async function* streamEvents(
  store: EventStore,
  stream: string,
  keep: (event: RecordedEvent) => boolean = () => true,
): AsyncGenerator<RecordedEvent> {
  for await (const event of store.readStream(stream)) if (keep(event)) yield event;
}

export { groupDecider, userDecider };
