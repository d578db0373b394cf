import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { groupDecider, groupStream } from '#domain';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { Reservations } from '../../commands/reservations.js';
import { DeleteGroupCommand } from './delete-group.command.js';

@CommandHandler(DeleteGroupCommand)
export class DeleteGroupHandler implements ICommandHandler<DeleteGroupCommand> {
  constructor(
    private readonly runner: DecisionRunner,
    private readonly reservations: Reservations,
  ) {}

  async execute({ instance, groupId, expected, context }: DeleteGroupCommand) {
    const { state, position } = await this.runner.decide(
      groupStream(instance, groupId),
      groupDecider,
      { type: 'DeleteGroup', data: { groupId, expected } },
      context,
    );
    // The name the group held when it was deleted (the decided state keeps it).
    const name = state.group!.name;
    if (name !== null)
      await this.reservations.release(instance, groupId, [{ kind: 'groupname', value: name }], context);
    return { position };
  }
}
