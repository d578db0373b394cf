import { Injectable } from '@nestjs/common';
import { allocatedId, idsStream, INSTANCE_IDS_STREAM, type IdCounterKind } from '#domain';
import type { CommandContext } from './command-context.js';
import { DecisionRunner } from './decision-runner.js';

/**
 * Integer ids per instance and kind, from 1, never reused: each allocation appends `IdAllocated`
 * with expected revision `any`, so concurrent allocations never conflict and each gets the
 * revision of its own event. An id whose write later fails stays unused (a gap), as in SQL sequences.
 */
@Injectable()
export class IdAllocator {
  constructor(private readonly runner: DecisionRunner) {}

  async next(kind: IdCounterKind, instance: string | null, context: CommandContext): Promise<number> {
    const stream = kind === 'instance' || instance === null ? INSTANCE_IDS_STREAM : idsStream(instance, kind);
    const result = await this.runner.record(stream, { type: 'IdAllocated', data: { kind } }, context);
    return allocatedId(result.nextRevision);
  }
}
