import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { formatPosition } from '#event-store';
import type { Runtime } from '../infrastructure/runtime.js';
import { RUNTIME } from '../infrastructure/runtime.token.js';
import { MembershipCleanupReactor } from '../users/delete-user/membership-cleanup.reactor.js';

/** A projector further behind than this is reported as degraded (still serving). */
const LAG_DEGRADED_MS = 10_000;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly membershipCleanup: MembershipCleanupReactor,
  ) {}

  /**
   * Up when the event store answers; the in-process projector's and relay's state and lag, and
   * the membership cleanup's role (one process of a deployment is active), alongside.
   */
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () =>
        this.indicators
          .check('eventStore')
          .attempt(async () => ({ head: formatPosition(await this.runtime.storage.store.headPosition()) })),
      () => this.projector(),
      () => this.relay(),
      () => this.indicators.check('membershipCleanup').up(this.membershipCleanup.status()),
    ]);
  }

  /** Degraded (never down: writes go on) while the broker or the lease's database is away, or Kafka lags. */
  private relay() {
    const session = this.indicators.check('relay');
    const relay = this.runtime.relay;
    if (relay === null) return session.up({ inProcess: false });
    const status = relay.status();
    const data = {
      inProcess: true,
      // A standby is healthy: another relay holds the checkpoint's lease and publishes.
      role: status.active ? 'active' : 'standby',
      topic: status.topic,
      connected: status.connected,
      caughtUp: status.caughtUp,
      lagMs: status.lagMs,
      position: status.position && formatPosition(status.position),
      eventsPublished: status.eventsPublished,
      lastError: status.lastError,
    };
    if (status.lastError !== null || (status.lagMs ?? 0) > LAG_DEGRADED_MS) return session.degraded(data);
    return session.up(data);
  }

  private projector() {
    const session = this.indicators.check('projector');
    const projector = this.runtime.projector;
    if (projector === null) return session.up({ inProcess: false });
    const status = projector.status();
    const data = {
      inProcess: true,
      caughtUp: status.caughtUp,
      lagMs: status.lagMs,
      position: status.position && formatPosition(status.position),
      eventsApplied: status.eventsApplied,
      lastError: status.lastError,
    };
    if (status.lastError !== null || (status.lagMs ?? 0) > LAG_DEGRADED_MS) return session.degraded(data);
    return session.up(data);
  }
}
