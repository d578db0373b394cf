import type { FastifyRequest } from 'fastify';
import { revisionConditionOf } from './revision-condition.js';

const request = (ifMatch?: string) =>
  ({ headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } }) as FastifyRequest;

describe('revisionConditionOf', () => {
  it('reads a quoted or bare If-Match revision', () => {
    expect(revisionConditionOf(request('"4"'), undefined)).toEqual({ revision: 4, source: 'if_match' });
    expect(revisionConditionOf(request('7'), undefined)).toEqual({ revision: 7, source: 'if_match' });
  });

  it('prefers If-Match over the body and treats * as no condition', () => {
    expect(revisionConditionOf(request('"2"'), 3)).toEqual({ revision: 2, source: 'if_match' });
    expect(revisionConditionOf(request('*'), undefined)).toBeUndefined();
    expect(revisionConditionOf(request(), 3)).toEqual({ revision: 3, source: 'body' });
    expect(revisionConditionOf(request(), undefined)).toBeUndefined();
  });

  it('makes an unreadable If-Match match nothing', () => {
    expect(revisionConditionOf(request('"abc"'), undefined)).toEqual({ revision: -1, source: 'if_match' });
  });
});
