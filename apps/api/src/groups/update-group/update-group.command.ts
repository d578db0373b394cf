import { Command } from '@nestjs/cqrs';
import type { GroupFieldsInput, RevisionCondition } from '#domain';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/** PATCH (`patch`) or PUT (`replace`: absent fields become their defaults). */
export class UpdateGroupCommand extends Command<Written> {
  constructor(
    readonly instance: string,
    readonly groupId: number,
    readonly mode: 'patch' | 'replace',
    readonly fields: GroupFieldsInput,
    readonly expected: RevisionCondition | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
