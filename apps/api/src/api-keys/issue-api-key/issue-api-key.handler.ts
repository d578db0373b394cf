import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiKeysDecider, apiKeysStream } from '#domain';
import { digestKey, generateKey } from '../../auth/key-digest.js';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { IdAllocator } from '../../commands/id-allocator.js';
import { IssueApiKeyCommand } from './issue-api-key.command.js';

@CommandHandler(IssueApiKeyCommand)
export class IssueApiKeyHandler implements ICommandHandler<IssueApiKeyCommand> {
  constructor(
    private readonly runner: DecisionRunner,
    private readonly ids: IdAllocator,
  ) {}

  async execute({ instance, flags, context }: IssueApiKeyCommand) {
    const id = await this.ids.next('apikey', instance, context);
    const apiKey = generateKey();
    const { position } = await this.runner.decide(
      apiKeysStream(instance),
      apiKeysDecider,
      { type: 'IssueApiKey', data: { ...flags, apiKeyId: id, keyDigest: digestKey(apiKey) } },
      context,
    );
    return { position, id, apiKey };
  }
}
