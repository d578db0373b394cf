import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { groupDecider, groupStream, userDecider, userStream } from '#domain';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { AddMembershipCommand } from './add-membership.command.js';

/** Looks the user up in its own stream (not the lagging read model), then appends to the group's. */
@CommandHandler(AddMembershipCommand)
export class AddMembershipHandler implements ICommandHandler<AddMembershipCommand> {
  constructor(private readonly runner: DecisionRunner) {}

  async execute({ instance, groupId, userId, bodyField, context }: AddMembershipCommand) {
    const { state } = await this.runner.load(userStream(instance, userId), userDecider);
    const exists = state.user !== null && state.user.deletedAt === null;
    const { position } = await this.runner.decide(
      groupStream(instance, groupId),
      groupDecider,
      { type: 'AddMembership', data: { groupId, userId, user: { exists }, bodyField } },
      context,
    );
    return { position };
  }
}
