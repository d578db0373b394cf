import { Command } from '@nestjs/cqrs';
import type { ApiKeyFlags } from '#domain';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

export class UpdateApiKeyCommand extends Command<Written> {
  constructor(
    readonly instance: string,
    readonly apiKeyId: number,
    readonly changes: Partial<ApiKeyFlags>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
