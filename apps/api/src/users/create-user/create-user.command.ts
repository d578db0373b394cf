import { Command } from '@nestjs/cqrs';
import type { UserFieldsInput } from '#domain';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/** `fields` are validated; `password` is still plain here and hashed by the handler. */
export class CreateUserCommand extends Command<Written & { readonly userId: number }> {
  constructor(
    readonly instance: string,
    readonly fields: UserFieldsInput & { readonly username: string; readonly password: string },
    readonly groups: readonly number[],
    readonly context: CommandContext,
  ) {
    super();
  }
}
