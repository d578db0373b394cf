import { Command, CommanderError } from 'commander';
import { registerActivity } from './activity/activity.command.js';
import type { AuditIo } from './cli/audit-io.js';
import { AuditError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, oneLine } from './cli/audit-error.js';
import { withStorage } from './cli/audit-storage.js';
import type { Runner } from './cli/runner.js';
import { registerExport } from './export/export.command.js';
import { registerHistory } from './history/history.command.js';
import { registerRebuild } from './rebuild/rebuild.command.js';
import { registerRepublish } from './republish/republish.command.js';
import { registerState } from './state/state.command.js';
import { registerVerify } from './verify/verify.command.js';

/**
 * Runs the audit CLI on `argv` (the arguments after the program name) and returns its exit code:
 * 0 ok, 1 differences or not found (or a failure), 2 bad usage. Errors are one line on stderr.
 */
export async function runAudit(argv: readonly string[], io: AuditIo): Promise<number> {
  let exitCode = EXIT_OK;
  const run: Runner = async (work) => {
    exitCode = (await withStorage(io, work)) ?? EXIT_OK;
  };
  const program = auditProgram(io, run);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return failure(error, io);
  }
}

function auditProgram(io: AuditIo, run: Runner): Command {
  const program = new Command('audit')
    .description(
      'Roster audit and replay: who changed what and when, state at any moment, read-model rebuild ' +
        'and verification, republishing to Kafka, exports. Configured like the API (EVENT_STORE, DATA_DIR, DATABASE_URL, ' +
        'DATABASE_SCHEMA, ...). Exit codes: 0 ok, 1 differences or not found, 2 bad usage.',
    )
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerHistory(program, run);
  registerState(program, run);
  registerActivity(program, run);
  registerRebuild(program, run);
  registerRepublish(program, run);
  registerExport(program, run);
  registerVerify(program, run);
  return program;
}

function failure(error: unknown, io: AuditIo): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message, or the help: asked for (0), or for a missing command (usage).
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  const code = error instanceof AuditError ? error.exitCode : EXIT_FAILED;
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`audit: ${oneLine(message)}\n`);
  if (io.env['AUDIT_DEBUG'] && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return code;
}
