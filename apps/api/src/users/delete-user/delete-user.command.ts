import { Command } from '@nestjs/cqrs';
import type { RevisionCondition } from '#domain';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/** Memberships end by reaction (`MembershipRemoved`, reason 'user_deleted'); username and email are released. */
export class DeleteUserCommand extends Command<Written> {
  constructor(
    readonly instance: string,
    readonly userId: number,
    readonly expected: RevisionCondition | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
