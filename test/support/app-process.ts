// An app (apps/<name>/src/main.ts) as a real child process, run from its TypeScript sources (see
// ts-hooks.mjs), so a test can SIGKILL it mid-stream and start it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface AppProcess {
  readonly child: ChildProcess;
  /** stdout's lines as parsed JSON (the apps log pino JSON there); other lines as `{ text }`. */
  readonly logs: ReadonlyArray<Record<string, unknown>>;
  /** What it has written to stderr so far. */
  readonly stderr: string;
  /** Resolves with how the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first log line `match` accepts; rejects after `timeoutMs` or if the process ends. */
  waitForLog(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs: number,
  ): Promise<Record<string, unknown>>;
}

const running = new Set<ChildProcess>();

/** Kills every app process still running (a suite's afterAll). */
export function killApps(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Starts `apps/<app>/src/main.ts` with `args` (a CLI's command line) in `env` alone. */
export function spawnApp(app: string, env: Record<string, string>, args: readonly string[] = []): AppProcess {
  const child = spawn(
    process.execPath,
    ['--import', './test/support/ts-register.mjs', `apps/${app}/src/main.ts`, ...args],
    { cwd: root, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!;
    for (const line of lines.filter(Boolean)) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ text: line });
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  running.add(child);
  void exited.then(() => running.delete(child));
  return {
    child,
    logs,
    get stderr() {
      return stderr;
    },
    exited,
    async waitForLog(match, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = logs.find(match);
        if (found) return found;
        if (done || Date.now() > deadline) {
          throw new Error(
            `${app}: no such log line ${done ? '(the process ended)' : `after ${timeoutMs} ms`}; ` +
              `stderr: ${stderr.slice(-2000)}; last logs: ${JSON.stringify(logs.slice(-5))}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
