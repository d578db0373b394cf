import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '#domain';
import { GroupRepository } from '#read-models';
import { Access } from '../auth/access.decorator.js';
import type { CommandContext } from '../commands/command-context.js';
import { ReadYourWrites } from '../commands/read-your-writes.js';
import { CommandCtx } from '../commands/request-context.decorator.js';
import type { Written } from '../commands/written.js';
import { AfterWrite, type Accepted } from '../http/after-write.js';
import { IdParamPipe } from '../http/id-param.pipe.js';
import { pageOf, type ListQuery } from '../http/pagination/list.js';
import { groupPath, groupsPath } from '../http/paths.js';
import { revisionConditionOf, setETag } from '../http/revision-condition.js';
import { CreateGroupCommand } from './create-group/create-group.command.js';
import { CreateGroupRequestDto, groupFieldsOf } from './create-group/create-group.request.dto.js';
import { DeleteGroupCommand } from './delete-group/delete-group.command.js';
import { DeleteGroupRequestDto } from './delete-group/delete-group.request.dto.js';
import { groupView, type GroupView } from './group.view.js';
import { UpdateGroupCommand } from './update-group/update-group.command.js';
import { PatchGroupRequestDto, ReplaceGroupRequestDto } from './update-group/update-group.request.dto.js';

/** Groups of an instance: any key may read them, admins write them. */
@ApiTags('groups')
@ApiSecurity('api-key')
@Controller('v1.1/instances/:instance/groups')
@Access('admin')
export class GroupsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly groups: GroupRepository,
    private readonly afterWrite: AfterWrite,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Post()
  @HttpCode(201)
  async create(
    @Param('instance') instance: string,
    @Body() body: CreateGroupRequestDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { position, groupId } = await this.commands.execute(
      new CreateGroupCommand(instance, { ...groupFieldsOf(body), label: body.label }, context),
    );
    return this.render(instance, groupId, position, reply);
  }

  @Get()
  @Access('any_key')
  list(@Param('instance') instance: string, @Query() query: ListQuery) {
    return pageOf(
      query,
      groupsPath(instance),
      (page) => this.groups.list(instance, page),
      (row) => groupView(instance, row),
    );
  }

  @Get(':groupId')
  @Access('any_key')
  async get(
    @Param('instance') instance: string,
    @Param('groupId', IdParamPipe) groupId: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const row = await this.groups.get(instance, groupId);
    if (row === null) throw notFound();
    setETag(reply, row.revision);
    return groupView(instance, row);
  }

  @Patch(':groupId')
  async patch(
    @Param('instance') instance: string,
    @Param('groupId', IdParamPipe) groupId: number,
    @Body() body: PatchGroupRequestDto,
    @CommandCtx() context: CommandContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { position } = await this.commands.execute(
      new UpdateGroupCommand(
        instance,
        groupId,
        'patch',
        groupFieldsOf(body),
        revisionConditionOf(request, body.expected_revision),
        context,
      ),
    );
    return this.render(instance, groupId, position, reply);
  }

  @Put(':groupId')
  async replace(
    @Param('instance') instance: string,
    @Param('groupId', IdParamPipe) groupId: number,
    @Body() body: ReplaceGroupRequestDto,
    @CommandCtx() context: CommandContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { position } = await this.commands.execute(
      new UpdateGroupCommand(
        instance,
        groupId,
        'replace',
        groupFieldsOf(body),
        revisionConditionOf(request, body.expected_revision),
        context,
      ),
    );
    return this.render(instance, groupId, position, reply);
  }

  @Delete(':groupId')
  @HttpCode(204)
  async delete(
    @Param('instance') instance: string,
    @Param('groupId', IdParamPipe) groupId: number,
    @Body() body: DeleteGroupRequestDto,
    @CommandCtx() context: CommandContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const { position } = await this.commands.execute(
      new DeleteGroupCommand(
        instance,
        groupId,
        revisionConditionOf(request, body.expected_revision),
        context,
      ),
    );
    await this.readYourWrites.settle(position, reply);
  }

  /** The group after a write, from the read models, with its ETag. */
  private async render(
    instance: string,
    groupId: number,
    position: Written['position'],
    reply: FastifyReply,
  ): Promise<GroupView | Accepted> {
    const view = await this.afterWrite.render(position, reply, groupPath(instance, groupId), async () => {
      const row = await this.groups.get(instance, groupId);
      return row && groupView(instance, row);
    });
    if ('revision' in view) setETag(reply, view.revision);
    return view;
  }
}
