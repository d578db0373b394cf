import { Writable } from 'node:stream';
import { runAudit } from '../../apps/audit/src/audit-program.js';

/** A run of the audit CLI in-process: its exit code and what it wrote. */
export interface AuditRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

/** Runs `audit <argv>` in this process against `env` (the API's configuration variables). */
export async function audit(env: Record<string, string>, ...argv: string[]): Promise<AuditRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runAudit(argv, { stdout, stderr, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The JSON lines of an output. */
export const jsonLines = <T = Record<string, unknown>>(text: string): T[] =>
  text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
