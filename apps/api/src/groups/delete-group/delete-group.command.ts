import { Command } from '@nestjs/cqrs';
import type { RevisionCondition } from '#domain';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/** Ends every membership in the same append (`MembershipRemoved`, reason 'group_deleted'); releases the name. */
export class DeleteGroupCommand extends Command<Written> {
  constructor(
    readonly instance: string,
    readonly groupId: number,
    readonly expected: RevisionCondition | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
