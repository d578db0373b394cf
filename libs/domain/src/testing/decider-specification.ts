// Given/when/then specifications for deciders, after Emmett's DeciderSpecification; uses jest's `expect`.
import type { Decider, DomainCommand, DomainEvent, Recorded, RecordedMetadata } from '../shared/decider.js';
import { DomainError, type DomainErrorKind, type FieldError } from '../shared/domain-error.js';

/** The metadata given events get when a spec does not say: a fixed moment, no actor. */
export const GIVEN_METADATA: RecordedMetadata = { occurredAt: '2024-01-01T00:00:00.000000Z' };

/** The event with metadata (`GIVEN_METADATA` unless given). */
export const recorded = <E extends DomainEvent>(
  event: E,
  metadata: RecordedMetadata = GIVEN_METADATA,
): Recorded<E> => ({ ...event, metadata }) as Recorded<E>;

/** What a thrown `DomainError` must match: its kind and/or exactly these errors (in order). */
export interface DomainErrorMatch {
  readonly kind?: DomainErrorKind;
  readonly errors?: readonly Partial<FieldError>[];
}

export interface DeciderSpecification<Command, Event extends DomainEvent> {
  given(events: ReadonlyArray<Event | Recorded<Event>>): {
    when(command: Command): {
      /** The decider emits exactly these events, in order. */
      then(expected: readonly Event[]): void;
      /** The decider emits no event (a write that changes nothing). */
      thenNothingHappened(): void;
      /** The decider throws a `DomainError` matching `match`, or satisfying the check. */
      thenThrows(match: DomainErrorMatch | ((error: DomainError) => void)): void;
    };
  };
}

/** The decision's events, or the `DomainError` it threw (for property tests without conditional expects). */
export function attempt<T>(decision: () => T): T | DomainError {
  try {
    return decision();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

const hasMetadata = <E extends DomainEvent>(event: E | Recorded<E>): event is Recorded<E> =>
  'metadata' in event;

/** `deciderSpecification(decider).given(events).when(command).then(events)` / `.thenThrows(match)`. */
export function deciderSpecification<C extends DomainCommand, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
): DeciderSpecification<C, E> {
  return {
    given: (events) => ({
      when: (command) => {
        const run = (): E[] => {
          const state = events
            .map((event) => (hasMetadata(event) ? event : recorded(event)))
            .reduce(decider.evolve, decider.initialState());
          return decider.decide(command, state);
        };
        return {
          // `then` as in Emmett; so never `await` a specification.
          // oxlint-disable-next-line unicorn/no-thenable
          then: (expected) => expect(run()).toEqual(expected),
          thenNothingHappened: () => expect(run()).toEqual([]),
          thenThrows: (match) => {
            let thrown: unknown;
            try {
              run();
            } catch (error) {
              thrown = error;
            }
            expect(thrown).toBeInstanceOf(DomainError);
            if (typeof match === 'function') match(thrown as DomainError);
            else expect(thrown).toMatchObject(match);
          },
        };
      },
    }),
  };
}
