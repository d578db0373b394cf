import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  groupDecider,
  groupStream,
  invalidPkMessage,
  userDecider,
  userStream,
  type FieldError,
} from '#domain';
import type { Config } from '#platform';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { IdAllocator } from '../../commands/id-allocator.js';
import { Reservations, type Claim } from '../../commands/reservations.js';
import { CONFIG } from '../../infrastructure/config.token.js';
import { PasswordHasher } from '../../passwords/password-hasher.js';
import { CreateUserCommand } from './create-user.command.js';

/**
 * Checks the groups to join, hashes the password, allocates the id, claims username and email,
 * appends `UserCreated`, then one `MembershipAdded` per group (create-with-groups appends the
 * user, then the memberships; the write's position is the last of them).
 */
@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand> {
  constructor(
    private readonly runner: DecisionRunner,
    private readonly ids: IdAllocator,
    private readonly reservations: Reservations,
    private readonly hasher: PasswordHasher,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ instance, fields, groups, context }: CreateUserCommand) {
    const groupIds = [...new Set(groups)];
    await this.assertGroupsExist(instance, groupIds);
    const { password, ...storedFields } = fields;
    const passwordHash = await this.hasher.hash(password);
    const userId = await this.ids.next('user', instance, context);
    const claims: Claim[] = [{ kind: 'username', value: fields.username }];
    if (fields.email) claims.push({ kind: 'email', value: fields.email });
    let { position } = await this.reservations.claimDuring(instance, userId, claims, context, () =>
      this.runner.decide(
        userStream(instance, userId),
        userDecider,
        {
          type: 'CreateUser',
          data: { userId, fields: storedFields, passwordHash, allowedRoles: this.config.roles },
        },
        context,
      ),
    );
    for (const groupId of groupIds) {
      const added = await this.runner.decide(
        groupStream(instance, groupId),
        groupDecider,
        { type: 'AddMembership', data: { groupId, userId, user: { exists: true }, bodyField: 'group' } },
        context,
      );
      position = added.position ?? position;
    }
    return { position, userId };
  }

  private async assertGroupsExist(instance: string, groupIds: readonly number[]): Promise<void> {
    const missing: FieldError[] = [];
    for (const groupId of groupIds) {
      const { state } = await this.runner.load(groupStream(instance, groupId), groupDecider);
      if (state.group === null || state.group.deletedAt !== null) {
        missing.push({ field: 'groups', code: 'user.groups.invalid', message: invalidPkMessage(groupId) });
      }
    }
    if (missing.length > 0) throw new DomainError('invalid', missing);
  }
}
