import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/** `user/auth/`: verifies the password and records the login (its own stream). */
export class AuthenticateUserCommand extends Command<Written & { readonly userId: number }> {
  constructor(
    readonly instance: string,
    readonly username: string,
    readonly password: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
