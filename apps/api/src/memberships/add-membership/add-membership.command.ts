import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context.js';
import type { Written } from '../../commands/written.js';

/**
 * `bodyField` names the side that came in the body: 'user' for `POST groups/{id}/users/`, 'group'
 * for `POST users/{id}/groups/`. A missing resource in the path answers 404, one in the body 400.
 */
export class AddMembershipCommand extends Command<Written> {
  constructor(
    readonly instance: string,
    readonly groupId: number,
    readonly userId: number,
    readonly bodyField: 'user' | 'group',
    readonly context: CommandContext,
  ) {
    super();
  }
}
