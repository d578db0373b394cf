import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { userDecider, userStream } from '#domain';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { Reservations, type Claim } from '../../commands/reservations.js';
import { DeleteUserCommand } from './delete-user.command.js';

@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand> {
  constructor(
    private readonly runner: DecisionRunner,
    private readonly reservations: Reservations,
  ) {}

  async execute({ instance, userId, expected, context }: DeleteUserCommand) {
    const { state, position } = await this.runner.decide(
      userStream(instance, userId),
      userDecider,
      { type: 'DeleteUser', data: { userId, expected } },
      context,
    );
    const user = state.user!;
    const held: Claim[] = [{ kind: 'username', value: user.username }];
    if (user.email !== null) held.push({ kind: 'email', value: user.email });
    await this.reservations.release(instance, userId, held, context);
    return { position };
  }
}
