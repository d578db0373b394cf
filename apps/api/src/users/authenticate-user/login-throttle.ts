import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '#platform';
import { HttpProblem } from '../../http/errors/http-problem.js';
import { CONFIG } from '../../infrastructure/config.token.js';

const WINDOW_MS = 60_000;

/**
 * Failed `user/auth/` attempts per instance and username in a sliding minute; past the limit
 * the pair answers 429 until its oldest failure leaves the window. Per process: each API replica
 * counts its own.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly limit: number;

  constructor(
    @Inject(CONFIG) config: Config,
    private readonly now: () => number = Date.now,
  ) {
    this.limit = config.loginFailuresPerMinute;
  }

  assertAllowed(instance: string, username: string): void {
    const recent = this.recent(this.keyOf(instance, username));
    if (recent.length < this.limit) return;
    const seconds = Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - this.now()) / 1000));
    throw HttpProblem.detail(
      429,
      'rate.limited',
      `Request was throttled. Expected available in ${seconds} seconds.`,
      { 'Retry-After': String(seconds) },
    );
  }

  recordFailure(instance: string, username: string): void {
    const key = this.keyOf(instance, username);
    this.failures.set(key, [...this.recent(key), this.now()]);
  }

  private recent(key: string): number[] {
    const since = this.now() - WINDOW_MS;
    const recent = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.failures.delete(key);
    else this.failures.set(key, recent);
    return recent;
  }

  private keyOf(instance: string, username: string): string {
    return `${instance}\u0000${username.toLowerCase()}`;
  }
}
