import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { instanceDecider, instanceStream } from '#domain';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { DeleteInstanceCommand } from './delete-instance.command.js';

@CommandHandler(DeleteInstanceCommand)
export class DeleteInstanceHandler implements ICommandHandler<DeleteInstanceCommand> {
  constructor(private readonly runner: DecisionRunner) {}

  async execute({ name, context }: DeleteInstanceCommand) {
    const { position } = await this.runner.decide(
      instanceStream(name),
      instanceDecider,
      { type: 'DeleteInstance', data: {} },
      context,
    );
    return { position };
  }
}
