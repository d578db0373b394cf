import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/** Its keys stop working at once and its data answers 404; its events stay for audit. */
export class DeleteInstanceCommand extends Command<Written> {
  constructor(
    readonly name: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
