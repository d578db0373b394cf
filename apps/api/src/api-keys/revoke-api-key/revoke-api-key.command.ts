import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

export class RevokeApiKeyCommand extends Command<Written> {
  constructor(
    readonly instance: string,
    readonly apiKeyId: number,
    readonly context: CommandContext,
  ) {
    super();
  }
}
