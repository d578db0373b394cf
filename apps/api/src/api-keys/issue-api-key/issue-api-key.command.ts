import { Command } from '@nestjs/cqrs';
import type { ApiKeyFlags } from '#domain';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/** The result carries the new key: shown once, stored only as its digest. */
export class IssueApiKeyCommand extends Command<Written & { readonly id: number; readonly apiKey: string }> {
  constructor(
    readonly instance: string,
    readonly flags: Partial<ApiKeyFlags>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
