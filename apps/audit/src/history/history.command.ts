import { Argument, type Command } from 'commander';
import { actorLabel, eventRecord } from '../events/event-record.js';
import {
  describeResource,
  foldSteps,
  groupDecider,
  RESOURCE_KINDS,
  streamEvents,
  streamOf,
  userDecider,
  type FoldStep,
  type ResourceKind,
  type ResourceRef,
} from '../events/resource.js';
import { write } from '../cli/audit-io.js';
import { AuditError } from '../cli/audit-error.js';
import type { AuditContext } from '../cli/audit-storage.js';
import { instanceName, resourceId } from '../cli/arguments.js';
import type { Runner } from '../cli/runner.js';
import { describeChanges, groupChanges, userChanges, type Changes } from './resource-changes.js';

export interface HistoryOptions {
  readonly json?: boolean;
}

/** Every event of the resource's stream in order, with who did it and what it changed. */
export async function history(
  context: AuditContext,
  ref: ResourceRef,
  options: HistoryOptions,
): Promise<void> {
  const { stdout } = context.io;
  const stream = streamOf(ref);
  let count = 0;
  for await (const { event, changes } of changeSteps(context, ref)) {
    if (count++ === 0 && !options.json) await write(stdout, `${describeResource(ref)} (stream ${stream})\n`);
    const record = eventRecord(event);
    if (options.json) {
      await write(stdout, `${JSON.stringify({ ...record, changes })}\n`);
      continue;
    }
    const request = record.requestId ?? 'none';
    const header = `${record.occurredAt}  #${record.revision}  ${record.type}  by ${actorLabel(record.actor)}  request ${request}  position ${record.position}`;
    const lines = describeChanges(changes);
    const body = lines.length > 0 ? lines : ['(no field changed)'];
    await write(stdout, `${header}\n${body.map((line) => `    ${line}\n`).join('')}`);
  }
  if (count === 0)
    throw new AuditError(`No such ${ref.kind}: ${describeResource(ref)} has no events (stream ${stream})`);
}

async function* changeSteps(
  context: AuditContext,
  ref: ResourceRef,
): AsyncGenerator<{ readonly event: FoldStep<unknown>['event']; readonly changes: Changes }> {
  const events = streamEvents(context.storage.store, streamOf(ref));
  if (ref.kind === 'user') {
    for await (const step of foldSteps(userDecider, events)) {
      yield { event: step.event, changes: userChanges(step.before, step.after) };
    }
  } else {
    for await (const step of foldSteps(groupDecider, events)) {
      yield { event: step.event, changes: groupChanges(step.before, step.after) };
    }
  }
}

export function registerHistory(program: Command, run: Runner): void {
  program
    .command('history')
    .summary("a user's or group's events in order: who changed what, when")
    .description(
      "Every event of the user's or group's stream, in order: time, revision (0-based, as stored), " +
        'type, actor (kind:key id), request id, position, and what changed (old → new). ' +
        "Secrets (password hashes) show as [redacted]. A group's stream holds its memberships.",
    )
    .argument('<instance>', 'instance name', instanceName)
    .addArgument(new Argument('<kind>', 'user or group').choices(RESOURCE_KINDS))
    .argument('<id>', 'the user or group id', resourceId)
    .option('--json', 'one JSON object per event and line (the stored event, redacted, plus "changes")')
    .action((instance: string, kind: ResourceKind, id: number, options: HistoryOptions) =>
      run((context) => history(context, { instance, kind, id }, options)),
    );
}
