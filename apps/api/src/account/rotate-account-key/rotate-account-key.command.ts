import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/** Issues a new account key and revokes the calling one; the result carries the new key once. */
export class RotateAccountKeyCommand extends Command<Written & { readonly accountKey: string }> {
  constructor(
    readonly callerKeyId: number,
    readonly context: CommandContext,
  ) {
    super();
  }
}
