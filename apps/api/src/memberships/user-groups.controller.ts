import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { notFound } from '#domain';
import { UserRepository } from '#read-models';
import { Access } from '../auth/access.decorator.js';
import type { CommandContext } from '../commands/command-context.js';
import { ReadYourWrites } from '../commands/read-your-writes.js';
import { CommandCtx } from '../commands/request-context.decorator.js';
import { AfterWrite } from '../http/after-write.js';
import { IdParamPipe } from '../http/id-param.pipe.js';
import { pageOf, type ListQuery } from '../http/pagination/list.js';
import { userGroupPath, userGroupsPath } from '../http/paths.js';
import { AddMembershipCommand } from './add-membership/add-membership.command.js';
import { AddUserGroupRequestDto } from './add-membership/add-membership.request.dto.js';
import { userGroupView } from './membership.view.js';
import { RemoveMembershipCommand } from './remove-membership/remove-membership.command.js';

/**
 * A user's memberships: `{group, links}`, paged on the group id. The path's `:userId` is what the
 * guard's `self` level compares with the `X-USER-KEY`'s user.
 */
@ApiTags('memberships')
@ApiSecurity('api-key')
@Controller('v1.1/instances/:instance/users/:userId/groups')
@Access('admin')
export class UserGroupsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly users: UserRepository,
    private readonly afterWrite: AfterWrite,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Post()
  @HttpCode(201)
  async add(
    @Param('instance') instance: string,
    @Param('userId', IdParamPipe) userId: number,
    @Body() body: AddUserGroupRequestDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { position } = await this.commands.execute(
      new AddMembershipCommand(instance, body.group, userId, 'group', context),
    );
    return this.afterWrite.render(position, reply, userGroupPath(instance, userId, body.group), () =>
      this.membership(instance, userId, body.group),
    );
  }

  /** Also the user itself, with its `X-USER-KEY`. */
  @Get()
  @Access('self')
  list(
    @Param('instance') instance: string,
    @Param('userId', IdParamPipe) userId: number,
    @Query() query: ListQuery,
  ) {
    return pageOf(
      query,
      userGroupsPath(instance, userId),
      async (page) => {
        if ((await this.users.get(instance, userId)) === null) throw notFound();
        return this.users.groupsOf(instance, userId, page);
      },
      (group) => userGroupView(instance, userId, group),
    );
  }

  @Get(':groupId')
  async get(
    @Param('instance') instance: string,
    @Param('userId', IdParamPipe) userId: number,
    @Param('groupId', IdParamPipe) groupId: number,
  ) {
    const view = await this.membership(instance, userId, groupId);
    if (view === null) throw notFound();
    return view;
  }

  @Delete(':groupId')
  @HttpCode(204)
  async remove(
    @Param('instance') instance: string,
    @Param('userId', IdParamPipe) userId: number,
    @Param('groupId', IdParamPipe) groupId: number,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const { position } = await this.commands.execute(
      new RemoveMembershipCommand(instance, groupId, userId, context),
    );
    await this.readYourWrites.settle(position, reply);
  }

  private async membership(instance: string, userId: number, groupId: number) {
    const row = await this.users.groupOf(instance, userId, groupId);
    return row && userGroupView(instance, userId, row);
  }
}
