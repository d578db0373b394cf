import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Decider, DomainCommand, DomainEvent, Recorded } from '#domain';
import {
  WrongExpectedVersionError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type Position,
} from '#event-store';
import { KeyDirectory } from '../auth/key-directory.js';
import { HttpProblem } from '../http/errors/http-problem.js';
import { EVENT_STORE } from '../infrastructure/event-store.token.js';
import { Clock } from './clock.js';
import type { CommandContext } from './command-context.js';
import { FoldCache } from './fold-cache.js';

/** The schema version every event is written with today; upcasters read older ones. */
export const CURRENT_SCHEMA_VERSION = 1;

/** A stream folded to its current state. */
export interface Loaded<State> {
  readonly state: State;
  /** Events in the stream. */
  readonly revision: number;
}

export interface Decided<State, Event extends DomainEvent> extends Loaded<State> {
  readonly events: readonly Event[];
  /** Position of the last appended event; null when the decision appended nothing. */
  readonly position: Position | null;
}

/** Attempts per command when concurrent writers keep moving the stream. */
const MAX_ATTEMPTS = 5;
/** Streams whose folded state is kept: the working set of a busy instance, a few MiB. */
const CACHED_FOLDS = 10_000;

/**
 * The write path of every handler: read the stream, fold with `evolve`, `decide`, append with the
 * expected revision. A concurrent writer makes the append fail; the whole decision is then taken
 * again on the new state, a bounded number of times, then 409. Folds are cached, and a decision
 * that appends starts from its stream's cached fold without reading: the append checks it.
 */
@Injectable()
export class DecisionRunner {
  private readonly folds = new FoldCache(CACHED_FOLDS);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    /** Told of every append, so its cache drops keys and instances this process changed. */
    @Optional() private readonly directory?: KeyDirectory,
  ) {}

  async load<C extends DomainCommand, E extends DomainEvent, S>(
    stream: string,
    decider: Decider<C, E, S>,
  ): Promise<Loaded<S>> {
    const cached = this.folds.get<S>(stream, decider);
    let state = cached?.state ?? decider.initialState();
    let revision = cached?.revision ?? 0;
    for await (const event of this.store.readStream(stream, { from: BigInt(revision) })) {
      // The stream name decides the event union; the store itself is untyped.
      state = decider.evolve(state, event as unknown as Recorded<E>);
      revision += 1;
    }
    this.folds.set(stream, decider, { state, revision });
    return { state, revision };
  }

  /** `command` may be computed from the current state (e.g. to carry a looked-up fact). */
  async decide<C extends DomainCommand, E extends DomainEvent, S>(
    stream: string,
    decider: Decider<C, E, S>,
    command: C | ((state: S) => C | Promise<C>),
    context: CommandContext,
  ): Promise<Decided<S, E>> {
    for (let attempt = 1; ; attempt++) {
      // The first attempt decides on the cached fold as it is, without reading the stream: the
      // append's expected revision refuses it if the stream moved since, and the next attempt
      // reads what it missed. A decision that appends nothing (a refusal, a no-op) is checked by
      // no append, so it is taken again on the stream as stored.
      const cached = attempt === 1 ? this.folds.get<S>(stream, decider) : undefined;
      const { state, revision } = cached ?? (await this.load(stream, decider));
      let events: readonly E[];
      try {
        events = decider.decide(typeof command === 'function' ? await command(state) : command, state);
      } catch (error) {
        if (cached) continue;
        throw error;
      }
      if (events.length === 0) {
        if (cached) continue;
        return { state, revision, events, position: null };
      }
      const metadata = this.metadata(context);
      try {
        const result = await this.store.append(
          stream,
          events.map((event) => ({ id: randomUUID(), type: event.type, data: event.data, metadata })),
          revision === 0 ? 'no_stream' : BigInt(revision - 1),
        );
        this.directory?.written(
          result.position,
          events.map((event) => event.type),
        );
        // Folded as a read would fold them: the events as the store gives them back (JSON drops
        // an undefined field, which a spread in `evolve` would otherwise copy into the state).
        const next = events.reduce(
          (s, event) => decider.evolve(s, { ...(JSON.parse(JSON.stringify(event)) as E), metadata }),
          state,
        );
        this.folds.set(stream, decider, { state: next, revision: revision + events.length });
        return { state: next, revision: revision + events.length, events, position: result.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw HttpProblem.detail(409, 'request.conflict', 'Concurrent update, please retry.');
        }
      }
    }
  }

  /**
   * Appends one event with expected revision `any`, without reading the stream: for streams whose
   * every append is valid (id counters, logins), where reading first would only cost time.
   */
  async record(stream: string, event: DomainEvent, context: CommandContext): Promise<AppendResult> {
    const metadata = this.metadata(context);
    const result = await this.store.append(
      stream,
      [{ id: randomUUID(), type: event.type, data: event.data, metadata }],
      'any',
    );
    this.directory?.written(result.position, [event.type]);
    return result;
  }

  /** Metadata for events appended outside a decider (counters, reservations). */
  metadata(context: CommandContext): EventMetadata {
    return {
      actor: context.actor,
      requestId: context.requestId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      occurredAt: this.clock.now(),
      schemaVersion: CURRENT_SCHEMA_VERSION,
    };
  }
}
