import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
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
import {
  assertNoFieldErrors,
  DomainError,
  notFound,
  validateUserFields,
  type UserFieldsInput,
} from '#domain';
import type { Config } from '#platform';
import { ProfileFieldRepository, UserRepository, type UserFilter } from '#read-models';
import { Access } from '../auth/access.decorator.js';
import type { Authenticated } from '../auth/principal.js';
import type { CommandContext } from '../commands/command-context.js';
import { ReadYourWrites } from '../commands/read-your-writes.js';
import { Auth, CommandCtx } from '../commands/request-context.decorator.js';
import { HttpProblem } from '../http/errors/http-problem.js';
import { AfterWrite } from '../http/after-write.js';
import { IdParamPipe } from '../http/id-param.pipe.js';
import { lastValue } from '../http/pagination/page-request.js';
import { pageOf, type ListQuery } from '../http/pagination/list.js';
import { userPath, userProfileClassPath, usersPath } from '../http/paths.js';
import { revisionConditionOf, setETag } from '../http/revision-condition.js';
import { CONFIG } from '../infrastructure/config.token.js';
import { AuthenticateUserCommand } from './authenticate-user/authenticate-user.command.js';
import { CreateUserCommand } from './create-user/create-user.command.js';
import { DeleteUserCommand } from './delete-user/delete-user.command.js';
import { ResetUserKeyCommand } from './reset-user-key/reset-user-key.command.js';
import { UpdateUserCommand } from './update-user/update-user.command.js';
import { UserPresenter } from './user-presenter.js';
import { UserAuthRequestDto, userFieldsOf, UserRequestDto } from './user.request.dto.js';
import type { UserView } from './user.view.js';

/** Fields only an admin may set; a user editing itself may not. */
const ADMIN_ONLY_FIELDS = ['username', 'status', 'roles'] as const;

const permissionDenied = () =>
  HttpProblem.detail(403, 'auth.permission.denied', 'You do not have permission to perform this action.');

@ApiTags('users')
@ApiSecurity('api-key')
@Controller('v1.1/instances/:instance')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly users: UserRepository,
    private readonly profileFields: ProfileFieldRepository,
    private readonly presenter: UserPresenter,
    private readonly afterWrite: AfterWrite,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post('users')
  @Access('user_create')
  @HttpCode(201)
  async create(
    @Param('instance') instance: string,
    @Body() body: UserRequestDto,
    @Auth() auth: Authenticated,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const fields = userFieldsOf(body);
    assertNoFieldErrors(validateUserFields(fields, this.config.roles, ['username', 'password']));
    const { position, userId } = await this.commands.execute(
      new CreateUserCommand(instance, fields as CreateUserCommand['fields'], body.groups ?? [], context),
    );
    return this.renderWritten(instance, userId, position, reply, auth);
  }

  @Get('users')
  @Access('admin')
  async list(@Param('instance') instance: string, @Query() query: ListQuery, @Auth() auth: Authenticated) {
    const filter = userFilterOf(query);
    const page = await pageOf(
      query,
      usersPath(instance),
      (request) => this.users.list(instance, filter, request),
      (row) => row,
    );
    return { ...page, objects: await this.presenter.many(instance, page.objects, auth) };
  }

  @Get('users/:userId')
  @Access('self')
  async get(
    @Param('instance') instance: string,
    @Param('userId', IdParamPipe) userId: number,
    @Auth() auth: Authenticated,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.presenter.one(instance, userId, auth);
    if (view === null) throw notFound();
    setETag(reply, view.revision);
    return view;
  }

  @Patch('users/:userId')
  @Access('self')
  update(
    @Param('instance') instance: string,
    @Param('userId', IdParamPipe) userId: number,
    @Body() body: UserRequestDto,
    @Auth() auth: Authenticated,
    @CommandCtx() context: CommandContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.write(instance, userId, 'patch', body, auth, context, request, reply);
  }

  @Put('users/:userId')
  @Access('self')
  replace(
    @Param('instance') instance: string,
    @Param('userId', IdParamPipe) userId: number,
    @Body() body: UserRequestDto,
    @Auth() auth: Authenticated,
    @CommandCtx() context: CommandContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.write(instance, userId, 'replace', body, auth, context, request, reply);
  }

  @Delete('users/:userId')
  @Access('admin')
  @HttpCode(204)
  async delete(
    @Param('instance') instance: string,
    @Param('userId', IdParamPipe) userId: number,
    @CommandCtx() context: CommandContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const expected = revisionConditionOf(request, undefined);
    const { position } = await this.commands.execute(
      new DeleteUserCommand(instance, userId, expected, context),
    );
    await this.readYourWrites.settle(position, reply);
  }

  @Post('users/:userId/reset_key')
  @Access('admin')
  @HttpCode(200)
  async resetKey(
    @Param('instance') instance: string,
    @Param('userId', IdParamPipe) userId: number,
    @Auth() auth: Authenticated,
    @CommandCtx() context: CommandContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const expected = revisionConditionOf(request, undefined);
    const { position } = await this.commands.execute(
      new ResetUserKeyCommand(instance, userId, expected, context),
    );
    return this.renderWritten(instance, userId, position, reply, auth);
  }

  /** Logs a user in: its JSON with the user key. */
  @Post('user/auth')
  @Access('any_key')
  @HttpCode(200)
  async authenticate(
    @Param('instance') instance: string,
    @Body() body: UserAuthRequestDto,
    @Auth() auth: Authenticated,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { position, userId } = await this.commands.execute(
      new AuthenticateUserCommand(instance, body.username, body.password, context),
    );
    // The caller proved to be this user: it sees its key like the user itself would.
    const asUser: Authenticated = { ...auth, user: { id: userId, keyGeneration: 0, status: 'active' } };
    return this.renderWritten(instance, userId, position, reply, asUser);
  }

  @Get('user')
  @Access('user_key')
  async me(
    @Param('instance') instance: string,
    @Auth() auth: Authenticated,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.presenter.one(instance, auth.user!.id, auth);
    if (view === null) throw notFound();
    setETag(reply, view.revision);
    return view;
  }

  /** The user of the `X-USER-KEY` updates itself (the syncano clients send this, not `users/{id}/`). */
  @Patch('user')
  @Access('user_key')
  updateMe(
    @Param('instance') instance: string,
    @Body() body: UserRequestDto,
    @Auth() auth: Authenticated,
    @CommandCtx() context: CommandContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.write(instance, auth.user!.id, 'patch', body, auth, context, request, reply);
  }

  /** Syncano's `user_profile` class: the custom profile keys used in the instance and their JSON types. */
  @Get('classes/user_profile')
  @Access('any_key')
  async profileClass(@Param('instance') instance: string) {
    const fields = await this.profileFields.list(instance);
    return {
      name: 'user_profile',
      description: 'Profiles of the users of this instance',
      schema: fields.map((field) => ({ name: field.key, type: field.type })),
      links: { self: userProfileClassPath(instance), objects: `${userProfileClassPath(instance)}objects/` },
    };
  }

  private async write(
    instance: string,
    userId: number,
    mode: 'patch' | 'replace',
    body: UserRequestDto,
    auth: Authenticated,
    context: CommandContext,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const given = userFieldsOf(body);
    const fields = auth.isAdmin ? given : selfEditableFields(given, mode);
    const required = auth.isAdmin && mode === 'replace' ? (['username'] as const) : [];
    assertNoFieldErrors(validateUserFields(fields, this.config.roles, required));
    const expected = revisionConditionOf(request, body.expected_revision);
    // A user replacing itself replaces what it may edit; the rest stays.
    const effectiveMode = auth.isAdmin ? mode : 'patch';
    const { position } = await this.commands.execute(
      new UpdateUserCommand(instance, userId, effectiveMode, fields, expected, context),
    );
    return this.renderWritten(instance, userId, position, reply, auth);
  }

  private async renderWritten(
    instance: string,
    userId: number,
    position: Parameters<AfterWrite['render']>[0],
    reply: FastifyReply,
    auth: Authenticated,
  ) {
    const view = await this.afterWrite.render(position, reply, userPath(instance, userId), () =>
      this.presenter.one(instance, userId, auth),
    );
    if ('revision' in view) setETag(reply, (view as UserView).revision);
    return view;
  }
}

/** What a user may change about itself; the admin-only fields refuse the request (403). */
function selfEditableFields(fields: UserFieldsInput, mode: 'patch' | 'replace'): UserFieldsInput {
  if (ADMIN_ONLY_FIELDS.some((field) => fields[field] !== undefined)) throw permissionDenied();
  if (mode === 'patch') return fields;
  return {
    ...fields,
    email: fields.email ?? null,
    fullName: fields.fullName ?? null,
    profile: fields.profile ?? {},
  };
}

/** The list filters of API.md; a non-numeric `group` is a 400. */
function userFilterOf(query: ListQuery): UserFilter {
  const group = lastValue(query, 'group');
  if (group !== undefined && !/^\d{1,15}$/.test(group)) {
    throw new DomainError('invalid', [
      { field: 'group', code: 'request.query.invalid', message: 'A valid integer is required.' },
    ]);
  }
  const filter: Record<string, string | number> = {};
  for (const name of ['username', 'email', 'status'] as const) {
    const value = lastValue(query, name);
    if (value !== undefined) filter[name] = value;
  }
  if (group !== undefined) filter.group = Number(group);
  return filter as UserFilter;
}
