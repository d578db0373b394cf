import { runAudit } from './audit-program.js';

/** `npm run audit -- <command>`: the exit code says how it went (0 ok, 1 differences or not found, 2 bad usage). */
const code = await runAudit(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  onInterrupt: (listener) => {
    // Once: a second Ctrl-C finds no listener and kills the process as usual.
    process.once('SIGINT', listener);
    return () => process.off('SIGINT', listener);
  },
});
process.exitCode = code;
