import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'roster.lock';
/** Lock files this process holds: its own pid in a lock file is not enough to tell (a pid is reused). */
const held = new Set<string>();

/** Another live process owns the data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The embedded data in ${dataDir} is in use by process ${ownerPid}. ` +
        'PGlite corrupts a data directory opened twice: stop that process first ' +
        '(or use EVENT_STORE=postgres to run several processes side by side).',
    );
    this.name = 'DataDirLockedError';
  }
}

/** A held lock; `release` is idempotent. */
export interface DataDirLock {
  release(): void;
}

/**
 * Takes the data directory for this process: a lock file holding our pid, created exclusively.
 * A lock left by a process that no longer runs is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (;;) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      held.add(path);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      const ours = owner === process.pid;
      if (ours ? held.has(path) : Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new DataDirLockedError(dataDir, owner);
      }
      rmSync(path, { force: true });
    }
  }
  return {
    release() {
      if (!held.delete(path)) return;
      rmSync(path, { force: true });
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still running.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
