import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { groupDecider, groupStream, parseResourceStream } from '#domain';
import type { EventStore, Position, RecordedEvent, SqlExecutor } from '#event-store';
import { CheckpointTable, migrateReadModels, UserRepository, type ProjectionProgress } from '#read-models';
import type { Logger } from 'pino';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { PROJECTION_PROGRESS } from '../../infrastructure/projection-progress.token.js';
import { READ_MODEL_SQL } from '../../infrastructure/read-model-sql.token.js';
import { RUNTIME } from '../../infrastructure/runtime.token.js';
import type { Runtime } from '../../infrastructure/runtime.js';

const CHECKPOINT = 'membership-cleanup';
/** Events between checkpoint saves when nothing needs doing (a crash only re-reads them). */
const SAVE_EVERY = 1000;
const PAGE = { pageSize: 1000, ascending: true } as const;

/**
 * `UserDeleted` → `MembershipRemoved` (reason 'user_deleted') in each of the user's groups, with
 * the deletion's correlation id. It follows the log from its own checkpoint, so it resumes after a
 * restart; removal is idempotent, so reading an event again does no harm. It waits for the read
 * models to include the deletion before asking them for the user's groups.
 */
@Injectable()
export class MembershipCleanupReactor {
  private readonly checkpoints: CheckpointTable;
  private readonly schema: string;
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;
  private readonly logger: Logger;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_SQL) private readonly sql: SqlExecutor,
    @Inject(PROJECTION_PROGRESS) private readonly progress: ProjectionProgress,
    @Inject(RUNTIME) runtime: Runtime,
    private readonly runner: DecisionRunner,
    private readonly users: UserRepository,
  ) {
    this.logger = runtime.logger.child({ component: CHECKPOINT });
    this.schema = runtime.config.databaseSchema;
    this.checkpoints = new CheckpointTable(this.schema);
  }

  async start(): Promise<void> {
    await migrateReadModels(this.sql, this.schema);
    const from = await this.checkpoints.ensure(this.sql, CHECKPOINT);
    this.running = this.follow(from);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async follow(from: Position): Promise<void> {
    let unsaved = 0;
    let last = from;
    for await (const message of this.store.subscribeAll({
      fromPosition: from,
      signal: this.stopping.signal,
    })) {
      if (message.kind === 'caught-up') continue;
      const { event } = message;
      const acted = event.type === 'UserDeleted' && (await this.retrying(() => this.cleanUp(event)));
      last = event.position;
      unsaved += 1;
      if (acted || unsaved >= SAVE_EVERY) {
        await this.save(last);
        unsaved = 0;
      }
    }
    if (unsaved > 0) await this.save(last).catch(() => undefined);
  }

  /** Returns false only when stopping interrupted it. */
  private async retrying(work: () => Promise<void>): Promise<boolean> {
    for (let delay = 100; !this.stopping.signal.aborted; delay = Math.min(delay * 2, 5000)) {
      try {
        await work();
        return true;
      } catch (error) {
        this.logger.warn({ err: error }, 'membership cleanup failed; retrying');
        await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
    return false;
  }

  private async cleanUp(event: RecordedEvent): Promise<void> {
    const resource = parseResourceStream(event.stream);
    if (resource?.kind !== 'user') return;
    const { instance, id: userId } = resource;
    while (!(await this.progress.waitFor(event.position, 5000))) {
      if (this.stopping.signal.aborted) throw new Error('stopping');
    }
    const context = {
      actor: { kind: 'system' as const, id: CHECKPOINT },
      requestId: event.metadata.requestId,
      correlationId: event.metadata.correlationId,
      causationId: event.id,
    };
    let lastPk: number | null = null;
    for (;;) {
      const groups = await this.users.groupsOf(instance, userId, { ...PAGE, lastPk });
      for (const group of groups.slice(0, PAGE.pageSize)) {
        await this.runner.decide(
          groupStream(instance, group.id),
          groupDecider,
          { type: 'RemoveMembership', data: { groupId: group.id, userId, reason: 'user_deleted' } },
          context,
        );
      }
      if (groups.length <= PAGE.pageSize) return;
      lastPk = groups[PAGE.pageSize - 1]!.id;
    }
  }

  private save(position: Position): Promise<void> {
    return this.sql.transaction(async (tx) => {
      await this.checkpoints.lockAndRead(tx, CHECKPOINT);
      await this.checkpoints.save(tx, CHECKPOINT, position);
    });
  }
}
