import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { instanceName, moment } from '../cli/arguments.js';
import { write } from '../cli/audit-io.js';
import { AuditError, EXIT_USAGE } from '../cli/audit-error.js';
import type { AuditContext } from '../cli/audit-storage.js';
import type { Moment } from '../cli/moment.js';
import { progressBar, type ProgressChoice } from '../cli/progress.js';
import type { Runner } from '../cli/runner.js';
import { eventRecord } from '../events/event-record.js';
import { readRange } from '../events/log-range.js';
import { instanceOfStream } from '../events/stream-instance.js';
import { csvHeader, csvRow } from './csv.js';

export interface ExportOptions {
  readonly from?: Moment;
  readonly to?: Moment;
  readonly instance?: string;
  readonly format: 'jsonl' | 'csv';
  /** A file to write; default stdout. */
  readonly output?: string;
  readonly progress?: ProgressChoice;
}

/**
 * Every event in the range (of one instance: all its streams, internal ones included), as JSON
 * lines or CSV, secrets redacted. Streams to the output: memory stays flat whatever the size.
 */
export async function exportEvents(context: AuditContext, options: ExportOptions): Promise<void> {
  const { io } = context;
  const out = options.output ? await openFile(options.output) : io.stdout;
  const startedAt = performance.now();
  const { start, head, events } = await readRange(context.storage.store, options);
  const progress = progressBar(io, 'export', start, head, options.progress);
  let count = 0;
  let scanned = 0;
  try {
    if (options.format === 'csv') await write(out, csvHeader());
    for await (const event of events) {
      progress.update(count, event.position);
      scanned++;
      if (options.instance !== undefined && instanceOfStream(event.stream) !== options.instance) continue;
      const record = eventRecord(event);
      await write(out, options.format === 'csv' ? csvRow(record) : `${JSON.stringify(record)}\n`);
      count++;
    }
    progress.update(count, head);
  } finally {
    progress.stop();
    if (out !== io.stdout) {
      out.end();
      await finished(out);
    }
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const where = options.output ? ` to ${options.output}` : '';
  const rate = Math.round(scanned / Math.max(seconds, 0.001));
  await write(
    io.stderr,
    `exported ${count} events${where} (${scanned} in the range) in ${seconds.toFixed(1)} s, ${rate} events/s\n`,
  );
}

async function openFile(path: string): Promise<Writable> {
  const file = createWriteStream(path);
  try {
    await once(file, 'open');
  } catch (error) {
    throw new AuditError(`Cannot write ${path}: ${(error as Error).message}`, EXIT_USAGE);
  }
  return file;
}

export function registerExport(program: Command, run: Runner): void {
  program
    .command('export')
    .summary('a complete audit export of the log (JSON lines or CSV), secrets redacted')
    .description(
      'Every stored event in the range, in global order, with all its metadata; password hashes and ' +
        'key digests show as [redacted]. --from takes a time (inclusive) or a position (exclusive: the ' +
        'events after it); --to is inclusive. The head when the export starts bounds it. ' +
        'Via npm, use `npm run -s audit -- export …` so npm prints nothing into the export.',
    )
    .option('--from <time|position>', 'from this time (inclusive) or after this position', moment)
    .option('--to <time|position>', 'up to this time or position (inclusive)', moment)
    .option('--instance <name>', "only this instance's streams", instanceName)
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--progress', 'show a progress bar on stderr even when it is not a terminal')
    .option('--no-progress', 'no progress bar')
    .action((options: ExportOptions) => run((context) => exportEvents(context, options)));
}
