import type { IncomingMessage } from 'node:http';
import { requestIdOf } from './request-id.js';

const request = (headers: Record<string, string> = {}) => ({ headers }) as unknown as IncomingMessage;

describe('requestIdOf', () => {
  it('keeps a sane caller-supplied id', () => {
    expect(requestIdOf(request({ 'x-request-id': 'abc-123' }))).toBe('abc-123');
  });

  it('replaces an unsafe id and answers the same id for the same request', () => {
    const req = request({ 'x-request-id': 'bad id\n{"x":1}' });
    const id = requestIdOf(req);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(req)).toBe(id);
  });
});
