import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '#event-store';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import type { Authenticated } from '../auth/principal.js';
import type { CommandContext } from './command-context.js';

/** The actor of a request: the user when a user key acts on itself, else the key. */
export function actorOf(auth: Authenticated): Actor {
  if (auth.user !== null && !auth.isAdmin) return { kind: 'user', id: String(auth.user.id) };
  return { kind: auth.principal.kind, id: String(auth.principal.keyId) };
}

/** A request starts a correlation: its id is the request's, or a new one when there is none. */
export function contextOf(request: AuthenticatedRequest): CommandContext {
  if (!request.auth) throw new Error('CommandCtx used on a route without @Access');
  const requestId = typeof request.id === 'string' ? request.id : null;
  return {
    actor: actorOf(request.auth),
    requestId,
    correlationId: requestId ?? randomUUID(),
    causationId: null,
  };
}

/** Injects the `CommandContext` of an authenticated request. */
export const CommandCtx = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  contextOf(ctx.switchToHttp().getRequest<AuthenticatedRequest>()),
);

/** Injects what the guard established (`request.auth`). */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): Authenticated => {
  const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw new Error('Auth used on a route without @Access');
  return auth;
});
