import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { notFound, uniquenessKey, userDecider, userStream, type UpdateUser, type User } from '#domain';
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
    const claims = newClaims(state.user, fields, mode);
    const { password, ...storedFields } = fields;
    const passwordHash = password === undefined ? undefined : await this.hasher.hash(password);
    let decidedOn: User = state.user;
    const decided = await this.reservations.claimDuring(instance, userId, claims, context, () =>
      this.runner.decide(
        stream,
        userDecider,
        (current): UpdateUser => {
          decidedOn = current.user ?? decidedOn;
          return {
            type: 'UpdateUser',
            data: {
              userId,
              mode,
              fields: storedFields,
              allowedRoles: this.config.roles,
              expected,
              ...(passwordHash && { passwordHash }),
            },
          };
        },
        context,
      ),
    );
    // From the state the append was decided on: a concurrent rename may have moved a value since the first read.
    await this.reservations.release(instance, userId, givenUp(decidedOn, decided.state.user!), context);
    return { position: decided.position };
  }
}

const sameValue = (a: string | null, b: string | null): boolean =>
  (a === null ? null : uniquenessKey(a)) === (b === null ? null : uniquenessKey(b));

/** The unique values the update will hold that the user does not hold yet. */
function newClaims(user: User, fields: UpdateUserCommand['fields'], mode: 'patch' | 'replace'): Claim[] {
  const claims: Claim[] = [];
  const consider = (kind: Claim['kind'], before: string | null, after: string | null | undefined) => {
    // PUT sets absent fields to their defaults: an absent email becomes null.
    const next = after === undefined ? (mode === 'replace' ? null : before) : after;
    if (next !== null && !sameValue(before, next)) claims.push({ kind, value: next });
  };
  consider('username', user.username, fields.username);
  consider('email', user.email, fields.email);
  return claims;
}

/** The unique values `before` held that `after` no longer does. */
function givenUp(before: User, after: User): Claim[] {
  const released: Claim[] = [];
  if (!sameValue(before.username, after.username))
    released.push({ kind: 'username', value: before.username });
  if (before.email !== null && !sameValue(before.email, after.email))
    released.push({ kind: 'email', value: before.email });
  return released;
}
