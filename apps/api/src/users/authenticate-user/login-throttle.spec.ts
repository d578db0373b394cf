import { loadConfig } from '#platform';
import { HttpProblem } from '../../http/errors/http-problem.js';
import { LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  let now = 0;
  const throttle = () => new LoginThrottle(loadConfig({ LOGIN_FAILURES_PER_MINUTE: '3' }), () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('answers 429 with Retry-After after the limit of failures, per instance and username', () => {
    const limiter = throttle();
    for (let i = 0; i < 3; i++) limiter.recordFailure('acme', 'Ann');
    let refused: unknown;
    try {
      limiter.assertAllowed('acme', 'ann');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(HttpProblem);
    expect((refused as HttpProblem).status).toBe(429);
    expect((refused as HttpProblem).headers).toEqual({ 'Retry-After': '60' });
    expect(() => limiter.assertAllowed('acme', 'bob')).not.toThrow();
    expect(() => limiter.assertAllowed('other', 'ann')).not.toThrow();
  });

  it('lets the pair in again once the oldest failure leaves the minute', () => {
    const limiter = throttle();
    limiter.recordFailure('acme', 'ann');
    now += 30_000;
    limiter.recordFailure('acme', 'ann');
    limiter.recordFailure('acme', 'ann');
    expect(() => limiter.assertAllowed('acme', 'ann')).toThrow(/available in 30 seconds/);
    now += 30_001;
    expect(() => limiter.assertAllowed('acme', 'ann')).not.toThrow();
  });
});
