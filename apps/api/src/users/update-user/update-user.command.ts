import { Command } from '@nestjs/cqrs';
import type { RevisionCondition, UserFieldsInput } from '#domain';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/** PATCH (`patch`) or PUT (`replace`); `fields.password`, when given, is plain and hashed by the handler. */
export class UpdateUserCommand extends Command<Written> {
  constructor(
    readonly instance: string,
    readonly userId: number,
    readonly mode: 'patch' | 'replace',
    readonly fields: UserFieldsInput,
    readonly expected: RevisionCondition | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
