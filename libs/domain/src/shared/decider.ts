/** An event as a decider emits it: a literal `type` and JSON `data` (no bigint, no Date). */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** A command: a literal `type` and the data the handler gathered (ids, hashes, looked-up facts). */
export interface DomainCommand<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Who caused an event; structurally the event store's `Actor`. */
export interface Actor {
  readonly kind: 'account' | 'api_key' | 'user' | 'system';
  readonly id: string;
}

/** The part of an event's metadata that `evolve` reads. */
export interface RecordedMetadata {
  /** RFC 3339 UTC, as stored. */
  readonly occurredAt: string;
  readonly actor?: Actor;
}

/**
 * An event as `evolve` sees it: the event plus its metadata. The store's `RecordedEvent` is
 * structurally compatible, so the domain never imports the store.
 */
export type Recorded<E extends DomainEvent> = E & { readonly metadata: RecordedMetadata };

/** Emmett-style decider: pure, synchronous, no clock and no randomness. */
export interface Decider<Command extends DomainCommand, Event extends DomainEvent, State> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Recorded<Event>) => State;
  /** The events to append (possibly none), or throws a `DomainError`. */
  readonly decide: (command: Command, state: State) => Event[];
}

/** Folds recorded events into a state, as a handler or the audit tool does. */
export function fold<C extends DomainCommand, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  events: Iterable<Recorded<E>>,
): S {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
