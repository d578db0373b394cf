import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { instanceDecider, instanceStream } from '#domain';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { IdAllocator } from '../../commands/id-allocator.js';
import { CreateInstanceCommand } from './create-instance.command.js';

@CommandHandler(CreateInstanceCommand)
export class CreateInstanceHandler implements ICommandHandler<CreateInstanceCommand> {
  constructor(
    private readonly runner: DecisionRunner,
    private readonly ids: IdAllocator,
  ) {}

  async execute({ name, description, context }: CreateInstanceCommand) {
    const { revision } = await this.runner.load(instanceStream(name), instanceDecider);
    // A taken name answers 409 without spending an id; a race past this check still ends in 409.
    const instanceId = revision > 0 ? 0 : await this.ids.next('instance', null, context);
    const { position } = await this.runner.decide(
      instanceStream(name),
      instanceDecider,
      { type: 'CreateInstance', data: { instanceId, name, description } },
      context,
    );
    return { position };
  }
}
