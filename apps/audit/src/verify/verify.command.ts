import type { Command } from 'commander';
import { formatPosition, START } from '#event-store';
import {
  migrateReadModels,
  READ_MODEL_PROJECTIONS,
  verifyReadModels,
  type TableDifference,
} from '#read-models';
import { write } from '../cli/audit-io.js';
import { EXIT_FAILED } from '../cli/audit-error.js';
import type { AuditContext } from '../cli/audit-storage.js';
import { progressBar, type ProgressChoice } from '../cli/progress.js';
import type { Runner } from '../cli/runner.js';
import { redact } from '../events/redaction.js';

export interface VerifyOptions {
  readonly progress?: ProgressChoice;
}

/**
 * Builds every projection from position 0 in a scratch schema up to the live checkpoint and
 * compares table by table; prints the differences. Exit 1 when there are any.
 */
export async function verify(context: AuditContext, options: VerifyOptions): Promise<number> {
  const { io, storage, config } = context;
  const schema = config.databaseSchema;
  await migrateReadModels(storage.sql, schema);
  const head = await storage.store.headPosition();
  const progress = progressBar(io, 'verify', START, head, options.progress);
  const result = await verifyReadModels({
    store: storage.store,
    sql: storage.sql,
    projections: READ_MODEL_PROJECTIONS,
    schema,
    onProgress: ({ eventsApplied, position }) => progress.update(eventsApplied, position),
  }).finally(() => progress.stop());
  const at = formatPosition(result.position);
  if (result.differences.length === 0) {
    await write(io.stdout, `read models match the log at position ${at}\n`);
    return 0;
  }
  const lines = [`read models differ from a rebuild from the log at position ${at}:`];
  for (const difference of result.differences) lines.push(...describe(difference));
  await write(io.stdout, `${lines.join('\n')}\n`);
  return EXIT_FAILED;
}

function describe(difference: TableDifference): string[] {
  const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;
  return [
    `  ${difference.table}: ${rows(difference.onlyInFirst)} only in the live read models, ${rows(difference.onlyInSecond)} only in the rebuild`,
    ...difference.samplesOnlyInFirst.map((row) => `    live:    ${JSON.stringify(redact(row))}`),
    ...difference.samplesOnlyInSecond.map((row) => `    rebuild: ${JSON.stringify(redact(row))}`),
  ];
}

export function registerVerify(program: Command, run: Runner): void {
  program
    .command('verify')
    .summary('check the live read models against a rebuild from the log; exit 1 on any difference')
    .description(
      'Builds every projection from position 0 in a scratch schema ({schema}_verify) up to the live ' +
        'checkpoint and compares the tables row by row; prints how they differ, with a few sample rows ' +
        '(key digests redacted). Exit 0 when equal, 1 on any difference.',
    )
    .option('--progress', 'show a progress bar on stderr even when it is not a terminal')
    .option('--no-progress', 'no progress bar')
    .action((options: VerifyOptions) => run((context) => verify(context, options)));
}
