import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiKeysDecider, apiKeysStream } from '#domain';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { RevokeApiKeyCommand } from './revoke-api-key.command.js';

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(private readonly runner: DecisionRunner) {}

  async execute({ instance, apiKeyId, context }: RevokeApiKeyCommand) {
    const { position } = await this.runner.decide(
      apiKeysStream(instance),
      apiKeysDecider,
      { type: 'RevokeApiKey', data: { apiKeyId } },
      context,
    );
    return { position };
  }
}
