import { Inject, Injectable } from '@nestjs/common';
import { allocatedId, idsStream, INSTANCE_IDS_STREAM, type IdCounterKind } from '#domain';
import { randomUUID } from 'node:crypto';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../infrastructure/event-store.token.js';
import type { CommandContext } from './command-context.js';
import { DecisionRunner } from './decision-runner.js';

/**
 * Integer ids per instance and kind, from 1, never reused: each allocation appends `IdAllocated`
 * with expected revision `any`, so concurrent allocations never conflict and each gets the
 * revision of its own event. An id whose write later fails stays unused (a gap), as in SQL sequences.
 */
@Injectable()
export class IdAllocator {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: DecisionRunner,
  ) {}

  async next(kind: IdCounterKind, instance: string | null, context: CommandContext): Promise<number> {
    const stream = kind === 'instance' || instance === null ? INSTANCE_IDS_STREAM : idsStream(instance, kind);
    const event = {
      id: randomUUID(),
      type: 'IdAllocated',
      data: { kind },
      metadata: this.runner.metadata(context),
    };
    const result = await this.store.append(stream, [event], 'any');
    return allocatedId(result.nextRevision);
  }
}
