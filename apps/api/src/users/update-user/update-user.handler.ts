import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { notFound, uniquenessKey, userDecider, userStream, type User } from '#domain';
import type { Config } from '#platform';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { Reservations, type Claim } from '../../commands/reservations.js';
import { CONFIG } from '../../infrastructure/config.token.js';
import { PasswordHasher } from '../../passwords/password-hasher.js';
import { UpdateUserCommand } from './update-user.command.js';

/**
 * A new username or email is claimed before the update and the old one released after it; a
 * failed update releases the new claim again.
 */
@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand> {
  constructor(
    private readonly runner: DecisionRunner,
    private readonly reservations: Reservations,
    private readonly hasher: PasswordHasher,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ instance, userId, mode, fields, expected, context }: UpdateUserCommand) {
    const stream = userStream(instance, userId);
    const { state } = await this.runner.load(stream, userDecider);
    if (state.user === null || state.user.deletedAt !== null) throw notFound();
    const { claims, releases } = changedClaims(state.user, fields, mode);
    const { password, ...storedFields } = fields;
    const passwordHash = password === undefined ? undefined : await this.hasher.hash(password);
    const { position } = await this.reservations.claimDuring(instance, userId, claims, context, () =>
      this.runner.decide(
        stream,
        userDecider,
        {
          type: 'UpdateUser',
          data: {
            userId,
            mode,
            fields: storedFields,
            allowedRoles: this.config.roles,
            expected,
            ...(passwordHash && { passwordHash }),
          },
        },
        context,
      ),
    );
    await this.reservations.release(instance, userId, releases, context);
    return { position };
  }
}

/** The unique values the update takes (claims) and gives up (releases). */
function changedClaims(user: User, fields: UpdateUserCommand['fields'], mode: 'patch' | 'replace') {
  const claims: Claim[] = [];
  const releases: Claim[] = [];
  const consider = (kind: Claim['kind'], before: string | null, after: string | null | undefined) => {
    // PUT sets absent fields to their defaults: an absent email becomes null.
    const next = after === undefined ? (mode === 'replace' ? null : before) : after;
    if ((before === null ? null : uniquenessKey(before)) === (next === null ? null : uniquenessKey(next)))
      return;
    if (next !== null) claims.push({ kind, value: next });
    if (before !== null) releases.push({ kind, value: before });
  };
  consider('username', user.username, fields.username);
  consider('email', user.email, fields.email);
  return { claims, releases };
}
