import { Counter, Gauge, Registry } from 'prom-client';

/** The consumer kit's Prometheus metrics, registered once per registry (several consumers share them). */
export interface ConsumerMetrics {
  /** Messages behind the partition's end, per group, topic and partition: 0 when caught up. */
  readonly lag: Gauge<'group' | 'topic' | 'partition'>;
  /** Messages processed, per group and outcome (handled, duplicate, ignored, dead_lettered). */
  readonly messages: Counter<'group' | 'outcome'>;
}

const LAG = 'roster_consumer_lag_messages';
const MESSAGES = 'roster_consumer_messages_total';

export function consumerMetrics(registry: Registry): ConsumerMetrics {
  const lag =
    (registry.getSingleMetric(LAG) as Gauge<'group' | 'topic' | 'partition'> | undefined) ??
    new Gauge({
      name: LAG,
      help: 'Messages a consumer group still has to process, per partition (0 when caught up)',
      labelNames: ['group', 'topic', 'partition'] as const,
      registers: [registry],
    });
  const messages =
    (registry.getSingleMetric(MESSAGES) as Counter<'group' | 'outcome'> | undefined) ??
    new Counter({
      name: MESSAGES,
      help: 'Messages a consumer group processed, by outcome',
      labelNames: ['group', 'outcome'] as const,
      registers: [registry],
    });
  return { lag, messages };
}
