import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiKeysDecider, apiKeysStream } from '#domain';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { UpdateApiKeyCommand } from './update-api-key.command.js';

@CommandHandler(UpdateApiKeyCommand)
export class UpdateApiKeyHandler implements ICommandHandler<UpdateApiKeyCommand> {
  constructor(private readonly runner: DecisionRunner) {}

  async execute({ instance, apiKeyId, changes, context }: UpdateApiKeyCommand) {
    const { position } = await this.runner.decide(
      apiKeysStream(instance),
      apiKeysDecider,
      { type: 'UpdateApiKey', data: { apiKeyId, changes } },
      context,
    );
    return { position };
  }
}
