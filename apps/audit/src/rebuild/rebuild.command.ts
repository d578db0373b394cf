import type { Command } from 'commander';
import { formatPosition, START, type Position } from '#event-store';
import { READ_MODEL_PROJECTIONS, rebuildProjections, rebuildReadModels, type Projection } from '#read-models';
import { batchSize, list } from '../cli/arguments.js';
import { write } from '../cli/audit-io.js';
import { AuditError } from '../cli/audit-error.js';
import type { AuditContext } from '../cli/audit-storage.js';
import { progressBar, type Progress, type ProgressChoice } from '../cli/progress.js';
import type { Runner } from '../cli/runner.js';
import { chooseProjections, PROJECTION_NAMES } from './projection-choice.js';

export interface RebuildOptions {
  readonly projection?: readonly string[];
  /** Events per transaction; default the lib's (5000). */
  readonly batchSize?: number;
  /** From position 0 even when an interrupted rebuild could go on. */
  readonly restart?: boolean;
  readonly progress?: ProgressChoice;
}

/**
 * Rebuilds the read models from position 0 into new tables and swaps them in in one transaction
 * (`rebuildReadModels`): on PostgreSQL the API keeps serving the old tables meanwhile. Some of them
 * (`--projection`) are brought to the live checkpoint and swapped in beside the others
 * (`rebuildProjections`). An interrupted rebuild goes on where it stopped; the first Ctrl-C stops
 * it after the batch in flight.
 */
export async function rebuild(context: AuditContext, options: RebuildOptions): Promise<void> {
  const { io, storage, config } = context;
  const projections = chooseProjections(options.projection);
  const rebuildSome = projections.length < READ_MODEL_PROJECTIONS.length;
  const startedAt = performance.now();
  const head = await storage.store.headPosition();
  const interrupt = new AbortController();
  const stopListening = io.onInterrupt?.(() => interrupt.abort()) ?? (() => undefined);
  let progress: Progress | undefined;
  let reached: Position = START;
  const result = await (rebuildSome ? rebuildProjections : rebuildReadModels)({
    store: storage.store,
    sql: storage.sql,
    projections,
    schema: config.databaseSchema,
    ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
    ...(options.restart && { restart: true }),
    signal: interrupt.signal,
    onStart: ({ resumedFrom }) => {
      if (resumedFrom) {
        reached = resumedFrom;
        io.stderr.write(
          `rebuild: going on with the interrupted rebuild after position ${formatPosition(resumedFrom)} ` +
            '(--restart starts over)\n',
        );
      }
      progress = progressBar(io, 'rebuild', resumedFrom ?? START, head, options.progress);
    },
    onProgress: ({ eventsApplied, position }) => {
      reached = position;
      progress?.update(eventsApplied, position);
    },
  })
    .catch((error: unknown) => {
      if (!interrupt.signal.aborted) throw error;
      throw new AuditError(
        `rebuild interrupted after position ${formatPosition(reached)}: run it again to go on from there ` +
          '(--restart starts over)',
      );
    })
    .finally(() => {
      progress?.stop();
      stopListening();
    });
  const seconds = (performance.now() - startedAt) / 1000;
  const rate = Math.round(result.eventsApplied / Math.max(seconds, 0.001));
  const resumed = result.resumedFrom ? ` (resumed after position ${formatPosition(result.resumedFrom)})` : '';
  await write(
    io.stdout,
    `rebuilt ${names(projections)} from ${result.eventsApplied} events${resumed} in ${seconds.toFixed(1)} s ` +
      `(${rate} events/s); swapped in at position ${formatPosition(result.position)}\n`,
  );
}

const names = (projections: readonly Projection[]): string => projections.map((p) => p.name).join(', ');

export function registerRebuild(program: Command, run: Runner): void {
  program
    .command('rebuild')
    .summary('rebuild the read models from position 0 and swap them in')
    .description(
      'Builds the read models from position 0 into new tables ({schema}_rebuild), then swaps them in ' +
        'atomically; on PostgreSQL the API keeps serving meanwhile and a live projector carries on from ' +
        'the swapped-in checkpoint. With --projection, only those tables are rebuilt, brought to the live ' +
        "projector's checkpoint and swapped in beside the others. Each batch commits with the rebuild's " +
        'own checkpoint: an interrupted rebuild (Ctrl-C stops it after the batch in flight, a kill or a ' +
        'crash anywhere) goes on from there when run again. Progress (events/s, ETA) on stderr. On the ' +
        `embedded store, stop the API first. Projections: ${PROJECTION_NAMES.join(', ')}.`,
    )
    .option('--projection <names>', 'only these projections (comma-separated)', list)
    .option('--restart', 'start from position 0 even when an interrupted rebuild could go on')
    .option('--batch-size <events>', 'events per read and per transaction (default 5000)', batchSize)
    .option('--progress', 'show a progress bar on stderr even when it is not a terminal')
    .option('--no-progress', 'no progress bar')
    .action((options: RebuildOptions) => run((context) => rebuild(context, options)));
}
