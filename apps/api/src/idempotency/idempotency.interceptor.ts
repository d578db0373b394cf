import { createHash } from 'node:crypto';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { HttpProblem } from '../http/errors/http-problem.js';
import { IdempotencyStore } from './idempotency-store.js';

const MAX_TOKEN_LENGTH = 255;
/** Headers that a replayed GET must carry to see what the original request saw. */
const FORWARDED_HEADERS = ['x-api-key', 'authorization', 'x-user-key'] as const;

/**
 * `Idempotency-Key` on a POST: the first request runs and its outcome is remembered (status and
 * the resource's `Content-Location`); a repeat with the same body answers that status with the
 * resource's current representation (a GET of it), writing nothing; another body → 422.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['idempotency-key'];
    if (request.method !== 'POST' || header === undefined || !request.auth) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.run(request, reply, String(header), next));
  }

  private async run(
    request: AuthenticatedRequest,
    reply: FastifyReply,
    token: string,
    next: CallHandler,
  ): Promise<unknown> {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      throw new HttpProblem(400, [
        {
          field: 'Idempotency-Key',
          code: 'request.header.invalid',
          message: 'Ensure this value has 1 to 255 characters.',
        },
      ]);
    }
    const principal = request.auth!.principal;
    const holder = `${principal.kind}:${principal.keyId}:${request.auth!.user?.id ?? ''}`;
    const digest = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const existing = await this.store.claim(holder, token, digest);
    if (existing !== null) return this.replay(existing, digest, request, reply);
    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const location = reply.getHeader('content-location');
      await this.store.complete(
        holder,
        token,
        reply.statusCode,
        typeof location === 'string' ? location : null,
      );
      return result;
    } catch (error) {
      await this.store.abandon(holder, token);
      throw error;
    }
  }

  private async replay(
    record: { requestDigest: string; status: number | null; resourcePath: string | null },
    digest: string,
    request: AuthenticatedRequest,
    reply: FastifyReply,
  ): Promise<unknown> {
    if (record.requestDigest !== digest) {
      throw HttpProblem.detail(
        422,
        'idempotency.key.reused',
        'Idempotency-Key was already used with a different request.',
      );
    }
    if (record.status === null) {
      throw HttpProblem.detail(
        409,
        'request.conflict',
        'A request with this Idempotency-Key is still in progress.',
      );
    }
    reply.header('Idempotent-Replayed', 'true');
    if (record.resourcePath === null) {
      reply.status(record.status);
      return undefined;
    }
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const current = await fastify.inject({ method: 'GET', url: record.resourcePath, headers });
    // A resource deleted since answers as a GET of it would (404), not with a stale success.
    reply.status(current.statusCode < 400 ? record.status : current.statusCode);
    reply.header('Content-Location', record.resourcePath);
    if (current.headers.etag) reply.header('ETag', current.headers.etag);
    return current.json();
  }
}
