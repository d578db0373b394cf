import { Command } from '@nestjs/cqrs';
import type { GroupFieldsInput } from '#domain';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/** `fields` are validated; a `name` is claimed before the group is written. */
export class CreateGroupCommand extends Command<Written & { readonly groupId: number }> {
  constructor(
    readonly instance: string,
    readonly fields: GroupFieldsInput & { readonly label: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
