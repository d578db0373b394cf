import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteEventStore } from '#event-store';

/**
 * A fresh PGlite data directory costs 3–5 s (initdb); copying an initialised one costs a few
 * milliseconds. The template is made once per machine and version, shared by jest's workers
 * (created aside, then renamed into place: a worker that loses the race keeps the winner's).
 */
const TEMPLATE = join(tmpdir(), 'roster-test-pglite-template-v1');

async function ensureTemplate(): Promise<string> {
  if (existsSync(TEMPLATE)) return TEMPLATE;
  const scratch = mkdtempSync(join(tmpdir(), 'roster-template-'));
  const store = await openPgliteEventStore({ dataDir: join(scratch, 'pglite') });
  await store.close();
  try {
    renameSync(scratch, TEMPLATE);
  } catch {
    rmSync(scratch, { recursive: true, force: true });
  }
  return TEMPLATE;
}

/** A new data directory with an initialised embedded database in it. */
export async function freshDataDir(): Promise<string> {
  const template = await ensureTemplate();
  const dir = mkdtempSync(join(tmpdir(), 'roster-data-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}
