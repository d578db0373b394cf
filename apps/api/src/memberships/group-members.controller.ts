import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { notFound } from '#domain';
import { GroupRepository } from '#read-models';
import { Access } from '../auth/access.decorator.js';
import type { Authenticated } from '../auth/principal.js';
import type { CommandContext } from '../commands/command-context.js';
import { ReadYourWrites } from '../commands/read-your-writes.js';
import { Auth, CommandCtx } from '../commands/request-context.decorator.js';
import { AfterWrite } from '../http/after-write.js';
import { IdParamPipe } from '../http/id-param.pipe.js';
import { pageOf, type ListQuery } from '../http/pagination/list.js';
import { groupUserPath, groupUsersPath } from '../http/paths.js';
import { UserPresenter } from '../users/user-presenter.js';
import { AddMembershipCommand } from './add-membership/add-membership.command.js';
import { AddGroupMemberRequestDto } from './add-membership/add-membership.request.dto.js';
import { groupMemberView } from './membership.view.js';
import { RemoveMembershipCommand } from './remove-membership/remove-membership.command.js';

/** A group's members: `{user, links}`, paged on the user id. */
@ApiTags('memberships')
@ApiSecurity('api-key')
@Controller('v1.1/instances/:instance/groups/:groupId/users')
@Access('admin')
export class GroupMembersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly groups: GroupRepository,
    private readonly presenter: UserPresenter,
    private readonly afterWrite: AfterWrite,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Post()
  @HttpCode(201)
  async add(
    @Param('instance') instance: string,
    @Param('groupId', IdParamPipe) groupId: number,
    @Body() body: AddGroupMemberRequestDto,
    @CommandCtx() context: CommandContext,
    @Auth() auth: Authenticated,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { position } = await this.commands.execute(
      new AddMembershipCommand(instance, groupId, body.user, 'user', context),
    );
    return this.afterWrite.render(position, reply, groupUserPath(instance, groupId, body.user), () =>
      this.member(instance, groupId, body.user, auth),
    );
  }

  @Get()
  list(
    @Param('instance') instance: string,
    @Param('groupId', IdParamPipe) groupId: number,
    @Query() query: ListQuery,
    @Auth() auth: Authenticated,
  ) {
    return pageOf(
      query,
      groupUsersPath(instance, groupId),
      async (page) => {
        if ((await this.groups.get(instance, groupId)) === null) throw notFound();
        return this.presenter.many(instance, await this.groups.members(instance, groupId, page), auth);
      },
      (user) => groupMemberView(instance, groupId, user),
    );
  }

  @Get(':userId')
  async get(
    @Param('instance') instance: string,
    @Param('groupId', IdParamPipe) groupId: number,
    @Param('userId', IdParamPipe) userId: number,
    @Auth() auth: Authenticated,
  ) {
    const view = await this.member(instance, groupId, userId, auth);
    if (view === null) throw notFound();
    return view;
  }

  @Delete(':userId')
  @HttpCode(204)
  async remove(
    @Param('instance') instance: string,
    @Param('groupId', IdParamPipe) groupId: number,
    @Param('userId', IdParamPipe) userId: number,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const { position } = await this.commands.execute(
      new RemoveMembershipCommand(instance, groupId, userId, context),
    );
    await this.readYourWrites.settle(position, reply);
  }

  private async member(instance: string, groupId: number, userId: number, auth: Authenticated) {
    const row = await this.groups.member(instance, groupId, userId);
    if (row === null) return null;
    const [user] = await this.presenter.many(instance, [row], auth);
    return groupMemberView(instance, groupId, user!);
  }
}
