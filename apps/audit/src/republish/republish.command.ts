import type { Command } from 'commander';
import type { RecordedEvent } from '#event-store';
import { eventsTopic, KafkaEventPublisher, toOutboundMessage, type OutboundMessage } from '#messaging';
import { instanceName, list, moment } from '../cli/arguments.js';
import { write } from '../cli/audit-io.js';
import { usageError } from '../cli/audit-error.js';
import type { AuditContext } from '../cli/audit-storage.js';
import type { Moment } from '../cli/moment.js';
import { progressBar, type ProgressChoice } from '../cli/progress.js';
import type { Runner } from '../cli/runner.js';
import { readRange } from '../events/log-range.js';
import { instanceOfStream } from '../events/stream-instance.js';

export interface RepublishOptions {
  readonly from: Moment;
  readonly to?: Moment;
  readonly type?: readonly string[];
  readonly instance?: string;
  /** Count what would be sent; connect to nothing. */
  readonly dryRun?: boolean;
  readonly progress?: ProgressChoice;
}

/** Messages per send: the relay's producer acknowledges each send as a whole. */
const SEND_BATCH = 500;

/**
 * Sends the public events of the range to the events topic again, exactly as the relay does
 * (`toOutboundMessage`: the same envelope, key and headers, the original event ids, so consumers
 * dedupe), in log order, each batch acknowledged before the next. Internal events are never sent.
 */
export async function republish(context: AuditContext, options: RepublishOptions): Promise<void> {
  const { io, config, storage } = context;
  if (config.kafkaBrokers.length === 0 && !options.dryRun) {
    throw usageError('republish needs KAFKA_BROKERS (the brokers the relay publishes to)');
  }
  const topic = eventsTopic(config.kafkaTopicPrefix);
  const types = options.type && new Set(options.type);
  const selected = (event: RecordedEvent): boolean =>
    (!types || types.has(event.type)) &&
    (options.instance === undefined || instanceOfStream(event.stream) === options.instance);
  const publisher = options.dryRun
    ? null
    : new KafkaEventPublisher({ brokers: config.kafkaBrokers, topic, clientId: 'roster-audit-republish' });
  const startedAt = performance.now();
  const { start, head, events } = await readRange(storage.store, options);
  const progress = progressBar(io, 'republish', start, head, options.progress);
  let sent = 0;
  let batch: OutboundMessage[] = [];
  const flush = async () => {
    await publisher?.publish(batch);
    sent += batch.length;
    batch = [];
  };
  try {
    await publisher?.connect();
    for await (const event of events) {
      progress.update(sent + batch.length, event.position);
      const message = selected(event) ? toOutboundMessage(event) : null;
      if (message === null) continue;
      batch.push(message);
      if (batch.length >= SEND_BATCH) await flush();
    }
    await flush();
    progress.update(sent, head);
  } finally {
    progress.stop();
    await publisher?.close();
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const verb = options.dryRun ? 'would republish' : 'republished';
  await write(
    io.stdout,
    `${verb} ${sent} events to ${topic} in ${seconds.toFixed(1)} s (${Math.round(sent / Math.max(seconds, 0.001))} events/s)\n`,
  );
}

export function registerRepublish(program: Command, run: Runner): void {
  program
    .command('republish')
    .summary('send events to Kafka again, with their original ids (consumers dedupe)')
    .description(
      'Sends the public events of the range to {KAFKA_TOPIC_PREFIX}.events again, as the relay does: ' +
        'the same CloudEvents envelope, key and headers, the original event ids (consumers dedupe), ' +
        'in log order. Internal events (keys, reservations) are never sent. --from takes a time ' +
        "(inclusive) or a position (exclusive: the events after it, e.g. a consumer's last good " +
        'position); --to is inclusive. Needs KAFKA_BROKERS.',
    )
    .requiredOption('--from <time|position>', 'from this time (inclusive) or after this position', moment)
    .option('--to <time|position>', 'up to this time or position (inclusive)', moment)
    .option('--type <types>', 'only these event types (comma-separated, repeatable)', list)
    .option('--instance <name>', "only this instance's events", instanceName)
    .option('--dry-run', 'count what would be sent; connect to no broker')
    .option('--progress', 'show a progress bar on stderr even when it is not a terminal')
    .option('--no-progress', 'no progress bar')
    .action((options: RepublishOptions) => run((context) => republish(context, options)));
}
