import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { groupDecider, groupStream } from '#domain';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { RemoveMembershipCommand } from './remove-membership.command.js';

@CommandHandler(RemoveMembershipCommand)
export class RemoveMembershipHandler implements ICommandHandler<RemoveMembershipCommand> {
  constructor(private readonly runner: DecisionRunner) {}

  async execute({ instance, groupId, userId, context }: RemoveMembershipCommand) {
    const { position } = await this.runner.decide(
      groupStream(instance, groupId),
      groupDecider,
      { type: 'RemoveMembership', data: { groupId, userId, reason: 'removed' } },
      context,
    );
    return { position };
  }
}
