import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { registerRelayMetrics } from '#messaging';
import type { MembershipCleanupReactor } from '../users/delete-user/membership-cleanup.reactor.js';
import type { Runtime } from './runtime.js';

/**
 * The service's own metrics beside Node's defaults: HTTP latency by route and status, the
 * membership cleanup's role, and the in-process projector's and relay's progress (read at scrape time).
 */
export function registerRuntimeMetrics(
  registry: Registry,
  runtime: Runtime,
  membershipCleanup: MembershipCleanupReactor,
  fastify: FastifyInstance,
): void {
  const requests = new Histogram({
    name: 'roster_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry],
  });
  fastify.addHook('onResponse', async (request, reply) => {
    requests.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  registry.registerMetric(
    new Gauge({
      name: 'roster_membership_cleanup_active',
      help: "1 while this process holds the membership cleanup's lease and follows the log, 0 while it stands by",
      registers: [],
      collect() {
        this.set(membershipCleanup.status().role === 'active' ? 1 : 0);
      },
    }),
  );
  if (runtime.relay !== null) registerRelayMetrics(registry, runtime.relay);
  const projector = runtime.projector;
  if (projector === null) return;
  registry.registerMetric(
    new Gauge({
      name: 'roster_projector_lag_seconds',
      help: 'How far the read models are behind the event log (0 when caught up)',
      registers: [],
      collect() {
        this.set((projector.status().lagMs ?? 0) / 1000);
      },
    }),
  );
  let reported = 0;
  registry.registerMetric(
    new Counter({
      name: 'roster_projector_events_applied_total',
      help: 'Events the in-process projector has applied to the read models',
      registers: [],
      collect() {
        const applied = projector.status().eventsApplied;
        this.inc(applied - reported);
        reported = applied;
      },
    }),
  );
}
