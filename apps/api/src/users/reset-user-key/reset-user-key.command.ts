import { Command } from '@nestjs/cqrs';
import type { RevisionCondition } from '#domain';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/** Bumps the key generation: every key derived before stops working. */
export class ResetUserKeyCommand extends Command<Written> {
  constructor(
    readonly instance: string,
    readonly userId: number,
    readonly expected: RevisionCondition | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
