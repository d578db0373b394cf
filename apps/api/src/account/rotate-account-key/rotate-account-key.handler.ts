import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ACCOUNT_STREAM, accountDecider, nextAccountKeyId } from '#domain';
import { digestKey, generateKey } from '../../auth/key-digest.js';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { RotateAccountKeyCommand } from './rotate-account-key.command.js';

@CommandHandler(RotateAccountKeyCommand)
export class RotateAccountKeyHandler implements ICommandHandler<RotateAccountKeyCommand> {
  constructor(private readonly runner: DecisionRunner) {}

  async execute({ callerKeyId, context }: RotateAccountKeyCommand) {
    const accountKey = generateKey();
    const { position } = await this.runner.decide(
      ACCOUNT_STREAM,
      accountDecider,
      (state) => ({
        type: 'RotateAccountKey' as const,
        data: {
          accountKeyId: nextAccountKeyId(state),
          keyDigest: digestKey(accountKey),
          revokeAccountKeyId: callerKeyId,
        },
      }),
      context,
    );
    return { position, accountKey };
  }
}
