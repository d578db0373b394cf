import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  loginStream,
  reservationDecider,
  reservationStream,
  uniquenessKey,
  userDecider,
  userStream,
  type User,
} from '#domain';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { HttpProblem } from '../../http/errors/http-problem.js';
import { PasswordHasher } from '../../passwords/password-hasher.js';
import { AuthenticateUserCommand } from './authenticate-user.command.js';
import { LoginThrottle } from './login-throttle.js';

const invalidCredentials = () =>
  HttpProblem.detail(401, 'auth.credentials.invalid', 'Invalid username or password.');

/**
 * The username is resolved through its reservation (the log, not a lagging read model). An
 * unknown username still costs one hash verification, so a failure takes the same time either
 * way; a disabled user fails like a wrong password.
 */
@CommandHandler(AuthenticateUserCommand)
export class AuthenticateUserHandler implements ICommandHandler<AuthenticateUserCommand> {
  private decoyHash: Promise<string> | null = null;

  constructor(
    private readonly runner: DecisionRunner,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
  ) {}

  async execute({ instance, username, password, context }: AuthenticateUserCommand) {
    this.throttle.assertAllowed(instance, username);
    const user = await this.findUser(instance, username);
    const verified = await this.hasher.verify(user?.passwordHash ?? (await this.decoy()), password);
    if (!user || !verified || user.status === 'disabled') {
      this.throttle.recordFailure(instance, username);
      throw invalidCredentials();
    }
    const { position } = await this.runner.record(
      loginStream(instance, user.id),
      { type: 'UserLoggedIn', data: { userId: user.id } },
      context,
    );
    return { position, userId: user.id };
  }

  private async findUser(instance: string, username: string): Promise<User | null> {
    const { state: reservation } = await this.runner.load(
      reservationStream('username', instance, username),
      reservationDecider,
    );
    if (reservation.holder === null) return null;
    const { state } = await this.runner.load(userStream(instance, reservation.holder), userDecider);
    const user = state.user;
    if (user === null || user.deletedAt !== null) return null;
    // A rename that died between claiming its new name and writing the user holds a name the user
    // does not have: that name is nobody's login.
    return uniquenessKey(user.username) === uniquenessKey(username) ? user : null;
  }

  /** A hash of a random password with the current parameters, made once. */
  private decoy(): Promise<string> {
    this.decoyHash ??= this.hasher.hash(crypto.randomUUID());
    return this.decoyHash;
  }
}
