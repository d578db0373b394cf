import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { groupDecider, groupStream, parseResourceStream, userStream, type MembershipAdded } from '#domain';
import {
  comparePositions,
  START,
  type EventStore,
  type Position,
  type RecordedEvent,
  type SqlExecutor,
} from '#event-store';
import {
  acquireLease,
  CheckpointTable,
  databaseLease,
  migrateReadModels,
  UserRepository,
  type ProjectionProgress,
  type WorkerLease,
} from '#read-models';
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
const STANDBY_RETRY_MS = 1000;
const RETRY = { firstMs: 100, maxMs: 5000 };

/** The advisory lock's key: one reactor per event store schema follows the log, whatever the process. */
export function membershipCleanupLeaseKey(schema: string): string {
  return `roster.reactor/${schema}/${CHECKPOINT}`;
}

/**
 * `UserDeleted` → `MembershipRemoved` (reason 'user_deleted') in each of the user's groups, with
 * the deletion's correlation id. It follows the log from its own checkpoint, so it resumes after a
 * restart; removal is idempotent, so reading an event again does no harm. It waits for the read
 * models to include the deletion before asking them for the user's groups.
 *
 * An AddMembership that found the user alive may still append its `MembershipAdded` after the
 * deletion, so every `MembershipAdded` whose user is deleted is ended too, as a reaction to that
 * deletion (its correlation id, caused by the `UserDeleted`). No ordering escapes both: a
 * `MembershipAdded` before the `UserDeleted` in the log is in the read models the deletion's
 * cleanup waits for; one after it is read with the deletion already visible in the user's stream
 * (the subscription delivers a position only once every lower one is committed).
 *
 * Every API process runs one, but only the holder of the checkpoint's lease (on PostgreSQL an
 * advisory lock) follows the log: the others stand by, trying it every second, and the next holder
 * resumes from the checkpoint, which is saved after every event acted on. A holder that loses the
 * lease stops following; at most its reaction in flight is done twice, which removal's idempotence
 * absorbs.
 */
@Injectable()
export class MembershipCleanupReactor {
  private readonly checkpoints: CheckpointTable;
  private readonly schema: string;
  private readonly stopping = new AbortController();
  /** Aborted when this reactor stops or loses the lease: it acts on no event after it. */
  private term: AbortSignal = this.stopping.signal;
  /** Whether this process follows the log now ('active') or waits for the lease ('standby'). */
  private role: 'starting' | 'active' | 'standby' = 'starting';
  private running: Promise<void> | null = null;
  private readonly logger: Logger;
  private readonly lease: WorkerLease;

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
    this.lease = databaseLease(runtime.storage.database, membershipCleanupLeaseKey(this.schema));
  }

  async start(): Promise<void> {
    await migrateReadModels(this.sql, this.schema);
    await this.checkpoints.ensure(this.sql, CHECKPOINT);
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** For /health: which process does the cleanup is a question operators ask of replicas. */
  status(): { readonly role: 'starting' | 'active' | 'standby' } {
    return { role: this.role };
  }

  /** Stands by until it holds the lease, follows the log while it does, stands by again if it loses it. */
  private async run(): Promise<void> {
    for (;;) {
      const held = await acquireLease(this.lease, {
        signal: this.stopping.signal,
        standbyRetryMs: STANDBY_RETRY_MS,
        retry: RETRY,
        onStandby: () => {
          this.role = 'standby';
          this.logger.info('membership cleanup standby: another process holds its lease');
        },
        onFailure: (error, retryMs) =>
          this.logger.error({ err: error, retryMs }, 'membership cleanup could not try its lease; retrying'),
      });
      if (held === null) break;
      this.term = AbortSignal.any([this.stopping.signal, held.lost]);
      this.role = 'active';
      this.logger.info('membership cleanup active');
      try {
        await this.follow();
      } catch (error) {
        // Its checkpoint failed to save: it gives the lease back, and whoever takes it next resumes.
        this.logger.error({ err: error }, 'membership cleanup failed; following again');
        await sleep(RETRY.maxMs, undefined, { signal: this.term }).catch(() => undefined);
      }
      // Read before the release, which aborts it too.
      const lost = held.lost.aborted;
      this.role = 'standby';
      await held.release();
      if (this.stopping.signal.aborted) break;
      if (lost)
        this.logger.warn(
          { err: (held.lost.reason as Error | undefined)?.message },
          'membership cleanup lost its lease; standing by',
        );
    }
    await this.lease.close();
  }

  private async follow(): Promise<void> {
    // Read again on every takeover: another process may have moved it meanwhile.
    const from = await this.retrying(
      async () => (await this.checkpoints.read(this.sql, CHECKPOINT)) ?? START,
    );
    if (from === null) return;
    let unsaved = 0;
    let last = from;
    for await (const message of this.store.subscribeAll({ fromPosition: from, signal: this.term })) {
      if (message.kind === 'caught-up') continue;
      const { event } = message;
      const acted = await this.retrying(() => this.react(event));
      // Interrupted by stopping or a lost lease: the event is not done, so the checkpoint must stay before it.
      if (acted === null) break;
      last = event.position;
      unsaved += 1;
      if (acted || unsaved >= SAVE_EVERY) {
        await this.save(last);
        unsaved = 0;
      }
    }
    if (unsaved > 0) await this.save(last).catch(() => undefined);
  }

  /** The work's result (for a reaction: whether it appended anything); null only when interrupted. */
  private async retrying<T>(work: () => Promise<T>): Promise<T | null> {
    for (let delay = RETRY.firstMs; !this.term.aborted; delay = Math.min(delay * 2, RETRY.maxMs)) {
      try {
        return await work();
      } catch (error) {
        if (this.term.aborted) break;
        this.logger.warn({ err: error }, 'membership cleanup failed; retrying');
        await sleep(delay, undefined, { signal: this.term }).catch(() => undefined);
      }
    }
    return null;
  }

  private react(event: RecordedEvent): Promise<boolean> {
    if (event.type === 'UserDeleted') return this.cleanUp(event);
    if (event.type === 'MembershipAdded') return this.endIfUserDeleted(event);
    return Promise.resolve(false);
  }

  private async cleanUp(event: RecordedEvent): Promise<boolean> {
    const resource = parseResourceStream(event.stream);
    if (resource?.kind !== 'user') return false;
    const { instance, id: userId } = resource;
    while (!(await this.progress.waitFor(event.position, 5000))) {
      if (this.term.aborted) throw new Error('stopping');
    }
    let ended = false;
    let lastPk: number | null = null;
    for (;;) {
      const groups = await this.users.groupsOf(instance, userId, { ...PAGE, lastPk });
      for (const group of groups.slice(0, PAGE.pageSize)) {
        ended = (await this.endMembership(instance, group.id, userId, event)) || ended;
      }
      if (groups.length <= PAGE.pageSize) return ended;
      lastPk = groups[PAGE.pageSize - 1]!.id;
    }
  }

  /** A membership appended after (or unseen by) its user's deletion's cleanup ends like the others. */
  private async endIfUserDeleted(event: RecordedEvent): Promise<boolean> {
    const group = parseResourceStream(event.stream);
    if (group?.kind !== 'group') return false;
    const { userId } = (event as RecordedEvent<'MembershipAdded', MembershipAdded['data']>).data;
    const deletion = await this.deletionOf(group.instance, userId);
    return deletion !== null && this.endMembership(group.instance, group.id, userId, deletion);
  }

  /**
   * The user's `UserDeleted`, or null while it lives. Only the stream's last event is read: the
   * user decider refuses every command after a deletion, so a deleted user's stream ends with it.
   */
  private async deletionOf(instance: string, userId: number): Promise<RecordedEvent | null> {
    const stream = this.store.readStream(userStream(instance, userId), { direction: 'backwards', max: 1 });
    for await (const last of stream) return last.type === 'UserDeleted' ? last : null;
    return null;
  }

  /** Ends the membership (if it still exists) as a reaction to the user's deletion; true when it did. */
  private async endMembership(
    instance: string,
    groupId: number,
    userId: number,
    deletion: RecordedEvent,
  ): Promise<boolean> {
    const context = {
      actor: { kind: 'system' as const, id: CHECKPOINT },
      requestId: deletion.metadata.requestId,
      correlationId: deletion.metadata.correlationId,
      causationId: deletion.id,
    };
    const { events } = await this.runner.decide(
      groupStream(instance, groupId),
      groupDecider,
      { type: 'RemoveMembership', data: { groupId, userId, reason: 'user_deleted' } },
      context,
    );
    return events.length > 0;
  }

  /** Moves the checkpoint forward only: a holder that lost the lease never takes back a successor's progress. */
  private save(position: Position): Promise<void> {
    return this.sql.transaction(async (tx) => {
      const saved = await this.checkpoints.lockAndRead(tx, CHECKPOINT);
      if (comparePositions(saved, position) < 0) await this.checkpoints.save(tx, CHECKPOINT, position);
    });
  }
}
