import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/** DELETE of a membership, from either side: a missing group or a non-member answers 404. */
export class RemoveMembershipCommand extends Command<Written> {
  constructor(
    readonly instance: string,
    readonly groupId: number,
    readonly userId: number,
    readonly context: CommandContext,
  ) {
    super();
  }
}
