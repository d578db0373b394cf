import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RevisionCondition } from '#domain';

/**
 * The client's expected revision: `If-Match: "<revision>"` (412 on mismatch) or the body's
 * `expected_revision` (400 on mismatch). `If-Match: *` asks only that the resource exists, which
 * every write checks anyway. An unreadable If-Match can match no revision.
 */
export function revisionConditionOf(
  request: FastifyRequest,
  expectedRevision: number | undefined,
): RevisionCondition | undefined {
  const ifMatch = request.headers['if-match'];
  if (typeof ifMatch === 'string' && ifMatch.trim() !== '*') {
    const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(ifMatch);
    return { revision: match ? Number(match[1]) : -1, source: 'if_match' };
  }
  return expectedRevision === undefined ? undefined : { revision: expectedRevision, source: 'body' };
}

/** A strong ETag of the resource's revision. */
export function setETag(reply: FastifyReply, revision: number): void {
  reply.header('ETag', `"${revision}"`);
}
