import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { notFound } from '#domain';
import { KeyRepository } from '#read-models';
import { Access } from '../auth/access.decorator.js';
import type { CommandContext } from '../commands/command-context.js';
import { ReadYourWrites } from '../commands/read-your-writes.js';
import { CommandCtx } from '../commands/request-context.decorator.js';
import { AfterWrite } from '../http/after-write.js';
import { IdParamPipe } from '../http/id-param.pipe.js';
import { pageOf, type ListQuery } from '../http/pagination/list.js';
import { apiKeyPath, apiKeysPath } from '../http/paths.js';
import { apiKeyView } from './api-key.view.js';
import { IssueApiKeyCommand } from './issue-api-key/issue-api-key.command.js';
import { apiKeyFlagsOf, ApiKeyRequestDto } from './issue-api-key/issue-api-key.request.dto.js';
import { RevokeApiKeyCommand } from './revoke-api-key/revoke-api-key.command.js';
import { UpdateApiKeyCommand } from './update-api-key/update-api-key.command.js';

@ApiTags('api keys')
@ApiSecurity('api-key')
@Controller('v1.1/instances/:instance/api_keys')
@Access('account')
export class ApiKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly keys: KeyRepository,
    private readonly afterWrite: AfterWrite,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /** The new key is in this response only. */
  @Post()
  @HttpCode(201)
  async issue(
    @Param('instance') instance: string,
    @Body() body: ApiKeyRequestDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { position, id, apiKey } = await this.commands.execute(
      new IssueApiKeyCommand(instance, apiKeyFlagsOf(body), context),
    );
    const view = await this.afterWrite.render(position, reply, apiKeyPath(instance, id), () =>
      this.keys.getApiKey(instance, id),
    );
    return 'id' in view ? { ...apiKeyView(view), api_key: apiKey } : { ...view, id, api_key: apiKey };
  }

  @Get()
  list(@Param('instance') instance: string, @Query() query: ListQuery) {
    return pageOf(query, apiKeysPath(instance), (page) => this.keys.listApiKeys(instance, page), apiKeyView);
  }

  @Get(':keyId')
  async get(@Param('instance') instance: string, @Param('keyId', IdParamPipe) id: number) {
    const row = await this.keys.getApiKey(instance, id);
    if (row === null) throw notFound();
    return apiKeyView(row);
  }

  @Patch(':keyId')
  async update(
    @Param('instance') instance: string,
    @Param('keyId', IdParamPipe) id: number,
    @Body() body: ApiKeyRequestDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { position } = await this.commands.execute(
      new UpdateApiKeyCommand(instance, id, apiKeyFlagsOf(body), context),
    );
    return this.afterWrite.render(position, reply, apiKeyPath(instance, id), async () => {
      const row = await this.keys.getApiKey(instance, id);
      return row && apiKeyView(row);
    });
  }

  @Delete(':keyId')
  @HttpCode(204)
  async revoke(
    @Param('instance') instance: string,
    @Param('keyId', IdParamPipe) id: number,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const { position } = await this.commands.execute(new RevokeApiKeyCommand(instance, id, context));
    await this.readYourWrites.settle(position, reply);
  }
}
