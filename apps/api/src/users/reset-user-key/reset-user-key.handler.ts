import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { userDecider, userStream } from '#domain';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { ResetUserKeyCommand } from './reset-user-key.command.js';

@CommandHandler(ResetUserKeyCommand)
export class ResetUserKeyHandler implements ICommandHandler<ResetUserKeyCommand> {
  constructor(private readonly runner: DecisionRunner) {}

  async execute({ instance, userId, expected, context }: ResetUserKeyCommand) {
    const { position } = await this.runner.decide(
      userStream(instance, userId),
      userDecider,
      { type: 'ResetUserKey', data: { userId, expected } },
      context,
    );
    return { position };
  }
}
