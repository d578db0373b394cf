import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator.js';
import type { Authenticated } from '../auth/principal.js';
import type { CommandContext } from '../commands/command-context.js';
import { ReadYourWrites } from '../commands/read-your-writes.js';
import { Auth, CommandCtx } from '../commands/request-context.decorator.js';
import { RotateAccountKeyCommand } from './rotate-account-key/rotate-account-key.command.js';

@ApiTags('account')
@ApiSecurity('api-key')
@Controller('v1.1/account')
@Access('account')
export class AccountController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /** A new account key, shown once; the calling key stops working. */
  @Post('rotate_key')
  @HttpCode(200)
  async rotateKey(
    @Auth() auth: Authenticated,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { position, accountKey } = await this.commands.execute(
      new RotateAccountKeyCommand(auth.principal.keyId, context),
    );
    await this.readYourWrites.settle(position, reply);
    return { account_key: accountKey };
  }
}
