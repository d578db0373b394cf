import { Counter, Gauge, type Registry } from 'prom-client';
import type { Relay } from './relay.js';

/** The relay's role, lag and published count, read from its status at scrape time. */
export function registerRelayMetrics(registry: Registry, relay: Relay): void {
  registry.registerMetric(
    new Gauge({
      name: 'roster_relay_lag_seconds',
      help: 'How far Kafka is behind the event log (0 when the relay is caught up)',
      registers: [],
      collect() {
        this.set((relay.status().lagMs ?? 0) / 1000);
      },
    }),
  );
  registry.registerMetric(
    new Gauge({
      name: 'roster_relay_active',
      help: "1 while this relay holds the checkpoint's lease and publishes, 0 while it stands by",
      registers: [],
      collect() {
        this.set(relay.status().active ? 1 : 0);
      },
    }),
  );
  registry.registerMetric(
    new Gauge({
      name: 'roster_relay_connected',
      help: '1 while the relay is connected to the broker',
      registers: [],
      collect() {
        this.set(relay.status().connected ? 1 : 0);
      },
    }),
  );
  let reported = 0;
  registry.registerMetric(
    new Counter({
      name: 'roster_relay_events_published_total',
      help: 'Events the relay has had acknowledged by the broker (re-sends after a failure included)',
      registers: [],
      collect() {
        const published = relay.status().eventsPublished;
        this.inc(published - reported);
        reported = published;
      },
    }),
  );
}
