import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Position } from '#event-store';
import { ReadYourWrites } from '../commands/read-your-writes.js';

/** The body of a write whose result the read models do not show yet. */
export interface Accepted {
  readonly detail: string;
  readonly links: { readonly self: string };
}

/**
 * The tail of every write endpoint: wait for the read models to include the write, then read
 * the resource's representation from them and name it in `Content-Location`.
 */
@Injectable()
export class AfterWrite {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async render<T>(
    position: Position | null,
    reply: FastifyReply,
    location: string,
    load: () => Promise<T | null>,
  ): Promise<T | Accepted> {
    await this.readYourWrites.settle(position, reply);
    reply.header('Content-Location', location);
    const representation = await load();
    if (representation !== null) return representation;
    // Only when the projector is too far behind to show a fresh write. The write succeeded: an
    // error status would make clients repeat it.
    reply.status(202);
    return { detail: 'Accepted: the change is stored but not readable yet.', links: { self: location } };
  }
}
