import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

export class CreateInstanceCommand extends Command<Written> {
  constructor(
    readonly name: string,
    readonly description: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
