import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const assigned = new WeakMap<IncomingMessage, string>();

/**
 * The request's id: the caller's `X-Request-Id` when it is a sane token, else a new UUID.
 * Fastify and the HTTP logger both ask for it; remembering it per request makes them agree.
 */
export function requestIdOf(request: IncomingMessage): string {
  const known = assigned.get(request);
  if (known) return known;
  const offered = request.headers[REQUEST_ID_HEADER];
  const id = typeof offered === 'string' && SAFE_REQUEST_ID.test(offered) ? offered : randomUUID();
  assigned.set(request, id);
  return id;
}
