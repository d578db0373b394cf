import type { Command } from 'commander';
import { formatPosition, START } from '#event-store';
import {
  CheckpointTable,
  DEFAULT_PROJECTOR_NAME,
  migrateReadModels,
  READ_MODEL_PROJECTIONS,
  rebuildReadModels,
  type Projection,
} from '#read-models';
import { batchSize, list } from '../cli/arguments.js';
import { write } from '../cli/audit-io.js';
import { AuditError, usageError } from '../cli/audit-error.js';
import type { AuditContext } from '../cli/audit-storage.js';
import { progressBar, type ProgressChoice } from '../cli/progress.js';
import type { Runner } from '../cli/runner.js';
import { chooseProjections, PROJECTION_NAMES } from './projection-choice.js';

export interface RebuildOptions {
  readonly projection?: readonly string[];
  /** Events per transaction; default the lib's (5000). */
  readonly batchSize?: number;
  readonly progress?: ProgressChoice;
}

/**
 * Rebuilds the read models from position 0 into new tables and swaps them in in one transaction
 * (`rebuildReadModels`): on PostgreSQL the API keeps serving the old tables meanwhile.
 */
export async function rebuild(context: AuditContext, options: RebuildOptions): Promise<void> {
  const { io, storage, config } = context;
  const projections = chooseProjections(options.projection);
  if (projections.length < READ_MODEL_PROJECTIONS.length) await checkPartialRebuild(context);
  const startedAt = performance.now();
  const head = await storage.store.headPosition();
  const progress = progressBar(io, 'rebuild', START, head, options.progress);
  const result = await rebuildReadModels({
    store: storage.store,
    sql: storage.sql,
    projections,
    schema: config.databaseSchema,
    ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
    onProgress: ({ eventsApplied, position }) => progress.update(eventsApplied, position),
  }).finally(() => progress.stop());
  const seconds = (performance.now() - startedAt) / 1000;
  const rate = Math.round(result.eventsApplied / Math.max(seconds, 0.001));
  await write(
    io.stdout,
    `rebuilt ${names(projections)} from ${result.eventsApplied} events in ${seconds.toFixed(1)} s ` +
      `(${rate} events/s); swapped in at position ${formatPosition(result.position)}\n`,
  );
}

/**
 * A rebuild of some projections moves the one checkpoint all of them share: safe only when the
 * others are exactly at the head and stay there, i.e. on the embedded store (this process holds
 * it: no projector runs) with read models caught up.
 */
async function checkPartialRebuild({ config, storage }: AuditContext): Promise<void> {
  if (config.eventStore !== 'pglite') {
    throw usageError(
      `rebuild --projection needs the embedded store (EVENT_STORE=${config.eventStore} may have a projector running beside it): rebuild all projections`,
    );
  }
  await migrateReadModels(storage.sql, config.databaseSchema);
  const checkpoint = await new CheckpointTable(config.databaseSchema).read(
    storage.sql,
    DEFAULT_PROJECTOR_NAME,
  );
  const head = await storage.store.headPosition();
  if (checkpoint === null || formatPosition(checkpoint) !== formatPosition(head)) {
    throw new AuditError(
      `The read models are at ${checkpoint ? formatPosition(checkpoint) : 'nothing'} but the log at ${formatPosition(head)}: ` +
        'a rebuild of some projections would leave the others behind; rebuild all of them',
    );
  }
}

const names = (projections: readonly Projection[]): string => projections.map((p) => p.name).join(', ');

export function registerRebuild(program: Command, run: Runner): void {
  program
    .command('rebuild')
    .summary('rebuild the read models from position 0 and swap them in')
    .description(
      'Builds the read models from position 0 into new tables ({schema}_rebuild), then swaps them in ' +
        'atomically; on PostgreSQL the API keeps serving meanwhile and a live projector carries on from ' +
        'the swapped-in checkpoint. Progress (events/s, ETA) on stderr. On the embedded store, stop ' +
        `the API first. Projections: ${PROJECTION_NAMES.join(', ')}.`,
    )
    .option('--projection <names>', 'only these projections (comma-separated; embedded store only)', list)
    .option('--batch-size <events>', 'events per transaction (default 5000)', batchSize)
    .option('--progress', 'show a progress bar on stderr even when it is not a terminal')
    .option('--no-progress', 'no progress bar')
    .action((options: RebuildOptions) => run((context) => rebuild(context, options)));
}
