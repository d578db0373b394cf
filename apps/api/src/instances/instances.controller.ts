import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { instanceNotFound } from '#domain';
import { InstanceRepository } from '#read-models';
import { Access } from '../auth/access.decorator.js';
import { CommandCtx } from '../commands/request-context.decorator.js';
import type { CommandContext } from '../commands/command-context.js';
import { ReadYourWrites } from '../commands/read-your-writes.js';
import { AfterWrite } from '../http/after-write.js';
import { pageOf, type ListQuery } from '../http/pagination/list.js';
import { instancePath, instancesPath } from '../http/paths.js';
import { CreateInstanceCommand } from './create-instance/create-instance.command.js';
import { CreateInstanceRequestDto } from './create-instance/create-instance.request.dto.js';
import { DeleteInstanceCommand } from './delete-instance/delete-instance.command.js';
import { instanceView } from './instance.view.js';

@ApiTags('instances')
@ApiSecurity('api-key')
@Controller('v1.1/instances')
@Access('account')
export class InstancesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly instances: InstanceRepository,
    private readonly afterWrite: AfterWrite,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Post()
  @HttpCode(201)
  async create(
    @Body() body: CreateInstanceRequestDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { position } = await this.commands.execute(
      new CreateInstanceCommand(body.name, body.description ?? '', context),
    );
    return this.afterWrite.render(position, reply, instancePath(body.name), async () => {
      const row = await this.instances.findByName(body.name);
      return row && instanceView(row);
    });
  }

  @Get()
  async list(@Query() query: ListQuery) {
    return pageOf(query, instancesPath(), (page) => this.instances.list(page), instanceView);
  }

  @Get(':instance')
  async get(@Param('instance') name: string) {
    const row = await this.instances.findByName(name);
    if (row === null) throw instanceNotFound();
    return instanceView(row);
  }

  @Delete(':instance')
  @HttpCode(204)
  async delete(
    @Param('instance') name: string,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const { position } = await this.commands.execute(new DeleteInstanceCommand(name, context));
    await this.readYourWrites.settle(position, reply);
  }
}
