import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/errors/http-problem.js';
import { ACCESS_LEVEL, type AccessLevel } from './access.decorator.js';
import { mayAccess } from './access-policy.js';
import { KeyDirectory } from './key-directory.js';
import { digestKey, userIdOfKey, userKeysEqual } from './key-digest.js';
import type { Authenticated, KeyUser, Principal } from './principal.js';
import { UserKeys } from './user-keys.js';

const missingCredentials = () =>
  HttpProblem.detail(403, 'auth.credentials.missing', 'Authentication credentials were not provided.');
const unknownKey = () => HttpProblem.detail(403, 'auth.key.invalid', 'No such API Key.');
const unknownUserKey = () => HttpProblem.detail(403, 'auth.user_key.invalid', 'No such User Key.');
const disabledUser = () => HttpProblem.detail(403, 'auth.user_key.invalid', 'User is disabled.');
const instanceNotFound = () => HttpProblem.detail(404, 'instance.not_found', 'Instance was not found.');
const permissionDenied = () =>
  HttpProblem.detail(403, 'auth.permission.denied', 'You do not have permission to perform this action.');

/** The key a request carries: `X-API-KEY: <key>` or `Authorization: token <key>`. */
export function presentedKey(headers: FastifyRequest['headers']): string | null {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return apiKey.trim();
  const match = /^token\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match ? match[1]! : null;
}

export type AuthenticatedRequest = FastifyRequest & { auth?: Authenticated };

/**
 * Answers in API.md's order: credentials (403) → instance (404) → permission (403). Validation
 * and lookups come after, in pipes and handlers.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly directory: KeyDirectory,
    private readonly userKeys: UserKeys,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const level = this.reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_LEVEL, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (level === undefined) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const principal = await this.principal(request.headers);
    const instance = params.instance ?? null;
    if (instance !== null) await this.checkInstance(principal, instance);
    const user = instance === null ? null : await this.keyUser(request.headers['x-user-key'], instance);
    const auth: Authenticated = {
      principal,
      instance,
      user,
      isAdmin: principal.kind === 'account' || (principal.ignoreAcl && principal.instance === instance),
    };
    const pathUserId = /^\d{1,15}$/.test(params.userId ?? '') ? Number(params.userId) : null;
    if (!mayAccess(level, auth, pathUserId)) throw permissionDenied();
    request.auth = auth;
    return true;
  }

  private async principal(headers: FastifyRequest['headers']): Promise<Principal> {
    const key = presentedKey(headers);
    if (key === null) throw missingCredentials();
    const digest = digestKey(key);
    const accountKeyId = await this.directory.accountKeyId(digest);
    if (accountKeyId !== null) return { kind: 'account', keyId: accountKeyId };
    const apiKey = await this.directory.apiKey(digest);
    if (apiKey === null) throw unknownKey();
    return { kind: 'api_key', keyId: apiKey.id, ...apiKey };
  }

  private async checkInstance(principal: Principal, instance: string): Promise<void> {
    const visible = principal.kind === 'account' || principal.instance === instance;
    if (!visible || !(await this.directory.instanceExists(instance))) throw instanceNotFound();
  }

  private async keyUser(header: string | string[] | undefined, instance: string): Promise<KeyUser | null> {
    if (header === undefined) return null;
    const key = Array.isArray(header) ? header[header.length - 1]! : header;
    const userId = userIdOfKey(key.trim());
    const user = userId === null ? null : await this.directory.user(instance, userId);
    if (user === null || !userKeysEqual(key.trim(), this.userKeys.keyOf(instance, user)))
      throw unknownUserKey();
    if (user.status === 'disabled') throw disabledUser();
    return user;
  }
}
