import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Position } from '#event-store';
import type { Config } from '#platform';
import type { ProjectionProgress } from '#read-models';
import { CONFIG } from '../infrastructure/config.token.js';
import { PROJECTION_PROGRESS } from '../infrastructure/projection-progress.token.js';

/**
 * A write's response waits until the read models include the write, so create-then-list shows
 * the row; after `READ_YOUR_WRITES_TIMEOUT_MS` it answers anyway with `X-Consistency: eventual`.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(PROJECTION_PROGRESS) private readonly progress: ProjectionProgress,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async settle(position: Position | null, reply: FastifyReply): Promise<void> {
    if (position === null) return;
    const reached = await this.progress.waitFor(position, this.config.readYourWritesTimeoutMs);
    if (!reached) reply.header('X-Consistency', 'eventual');
  }
}
