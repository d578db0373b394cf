import { comparePositions, START, type Position } from '#event-store';
import type { Projection } from '../projections/projection.js';
import { READ_MODEL_PROJECTIONS } from '../projections/read-model-projections.js';
import { Projector, type ProjectorOptions } from '../projector/projector.js';
import { GroupRepository } from '../queries/group.repository.js';
import { InstanceRepository } from '../queries/instance.repository.js';
import { KeyRepository } from '../queries/key.repository.js';
import type { PageRequest } from '../queries/page.js';
import { ProfileFieldRepository } from '../queries/profile-field.repository.js';
import { UserRepository } from '../queries/user.repository.js';
import { EventFixture } from './event-fixture.js';
import type { ReadModelBackend, ReadModelDatabase } from './read-model-backend.js';

/** A test's database plus the fixture, the repositories and the projectors it started. */
export interface ReadModelContext extends ReadModelDatabase {
  readonly events: EventFixture;
  readonly instances: InstanceRepository;
  readonly keys: KeyRepository;
  readonly users: UserRepository;
  readonly groups: GroupRepository;
  readonly profileFields: ProfileFieldRepository;
  /** Starts a projector on the test's schema (stopped after the test). */
  startProjector(options?: Partial<Omit<ProjectorOptions, 'store' | 'sql'>>): Promise<Projector>;
  /** Starts the default projector if needed and waits until it has applied everything appended. */
  settle(): Promise<Projector>;
  /**
   * Waits until readers of the log see every event appended. On PostgreSQL they stop below the
   * oldest open transaction of the cluster (other test files' included), so a build started right
   * after an append may not see it yet.
   */
  untilVisible(): Promise<void>;
}

/** Opens a fresh context before each test and closes it after; read it inside tests only. */
export function useReadModelContext(backend: ReadModelBackend): () => ReadModelContext {
  let context: ReadModelContext | undefined;
  let cleanUp: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const db = await backend.open();
    const projectors: Projector[] = [];
    let main: Projector | undefined;
    const startProjector: ReadModelContext['startProjector'] = async (options = {}) => {
      const projector = new Projector({
        store: db.store,
        sql: db.sql,
        schema: db.schema,
        projections: READ_MODEL_PROJECTIONS as Projection[],
        ...options,
      });
      projectors.push(projector);
      await projector.start();
      return projector;
    };
    const events = new EventFixture(db.store);
    context = {
      ...db,
      events,
      instances: new InstanceRepository(db.sql, db.schema),
      keys: new KeyRepository(db.sql, db.schema),
      users: new UserRepository(db.sql, db.schema),
      groups: new GroupRepository(db.sql, db.schema),
      profileFields: new ProfileFieldRepository(db.sql, db.schema),
      startProjector,
      async settle() {
        main ??= await startProjector();
        if (!(await main.waitFor(events.lastPosition, 10_000)))
          throw new Error('projector did not reach the head');
        return main;
      },
      async untilVisible() {
        for (let waited = 0; waited < 10_000; waited += 10) {
          if (comparePositions(await db.store.headPosition(), events.lastPosition) >= 0) return;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        throw new Error('the last appended event did not become visible');
      },
    };
    cleanUp = async () => {
      for (const projector of projectors) await projector.stop();
      await db.close();
    };
  });
  afterEach(async () => {
    await cleanUp?.();
    context = undefined;
  });
  return () => context!;
}

export const firstPage = (pageSize = 100, ascending = true): PageRequest => ({
  pageSize,
  ascending,
  lastPk: null,
});

/**
 * Walks every page of a keyset list the way a client follows `next`: returns the ids per page and
 * checks that each page's extra row appears exactly when a next page exists.
 */
export async function walkPages<Row extends { readonly id: number }>(
  fetch: (page: PageRequest) => Promise<Row[]>,
  pageSize: number,
  ascending: boolean,
): Promise<number[][]> {
  const pages: number[][] = [];
  let lastPk: number | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const rows = await fetch({ pageSize, ascending, lastPk });
    const shown = rows.slice(0, pageSize);
    pages.push(shown.map((row) => row.id));
    if (rows.length <= pageSize) return pages;
    lastPk = shown.at(-1)!.id;
  }
  throw new Error('too many pages');
}

export const NEVER: Position = { commit: 2n ** 62n, prepare: 0n };
export { START };
