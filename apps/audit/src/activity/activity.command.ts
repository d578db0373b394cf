import type { Command } from 'commander';
import type { RecordedEvent } from '#event-store';
import { actorFilter, instanceName, list, moment, type ActorFilter } from '../cli/arguments.js';
import { write } from '../cli/audit-io.js';
import type { AuditContext } from '../cli/audit-storage.js';
import type { Moment } from '../cli/moment.js';
import type { Runner } from '../cli/runner.js';
import { actorLabel, eventRecord } from '../events/event-record.js';
import { readRange } from '../events/log-range.js';
import { instanceOfStream, isActivityStream } from '../events/stream-instance.js';

export interface ActivityOptions {
  readonly actor?: ActorFilter;
  readonly since?: Moment;
  readonly until?: Moment;
  readonly type?: readonly string[];
  /** Also the bookkeeping streams (name reservations, id counters). */
  readonly internal?: boolean;
  readonly json?: boolean;
}

/** What happened in an instance (what an actor did there), in the log's order. */
export async function activity(
  context: AuditContext,
  instance: string,
  options: ActivityOptions,
): Promise<void> {
  const { stdout, stderr } = context.io;
  const types = options.type && new Set(options.type);
  const matches = (event: RecordedEvent): boolean =>
    instanceOfStream(event.stream) === instance &&
    (options.internal === true || isActivityStream(event.stream)) &&
    (!types || types.has(event.type)) &&
    (!options.actor || actorMatches(event, options.actor));
  const { events } = await readRange(context.storage.store, { from: options.since, to: options.until });
  let count = 0;
  for await (const event of events) {
    if (!matches(event)) continue;
    count++;
    const record = eventRecord(event);
    const line = options.json
      ? JSON.stringify(record)
      : `${record.occurredAt}  ${actorLabel(record.actor)}  ${record.type}  ${record.stream}#${record.revision}  request ${record.requestId ?? 'none'}  position ${record.position}`;
    await write(stdout, `${line}\n`);
  }
  await write(stderr, `${count} event${count === 1 ? '' : 's'}\n`);
}

function actorMatches(event: RecordedEvent, filter: ActorFilter): boolean {
  const actor = event.metadata.actor;
  return (
    actor !== undefined &&
    actor !== null &&
    actor.id === filter.id &&
    (filter.kind === null || actor.kind === filter.kind)
  );
}

export function registerActivity(program: Command, run: Runner): void {
  program
    .command('activity')
    .summary('what happened in an instance, or what one actor did there')
    .description(
      "The events of an instance's users, groups, logins, API keys and the instance itself, in the " +
        'order of the log: time, actor, type, stream#revision, request id, position. --since takes a ' +
        'time (inclusive) or a position (exclusive: the events after it); --until is inclusive.',
    )
    .argument('<instance>', 'instance name', instanceName)
    .option('--actor <id|kind:id>', 'only what this key did (e.g. 3, api_key:3, account:1)', actorFilter)
    .option('--since <time|position>', 'from this time (inclusive) or after this position', moment)
    .option('--until <time|position>', 'up to this time or position (inclusive)', moment)
    .option('--type <types>', 'only these event types (comma-separated, repeatable)', list)
    .option('--internal', 'also name reservations and id allocations')
    .option('--json', 'one JSON object per event and line (the stored event, secrets redacted)')
    .action((instance: string, options: ActivityOptions) =>
      run((context) => activity(context, instance, options)),
    );
}
