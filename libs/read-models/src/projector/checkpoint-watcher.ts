import { parsePosition, type Position, type SqlExecutor } from '#event-store';
import { DEFAULT_READ_MODEL_SCHEMA } from '../schema/schema-name.js';
import { CheckpointTable, DEFAULT_PROJECTOR_NAME } from './checkpoints.js';
import type { NotificationSource } from './notification-source.js';
import { PositionWaiters } from './position-waiters.js';
import type { ProjectionProgress } from './projection-progress.js';

export interface CheckpointWatcherOptions {
  readonly sql: SqlExecutor;
  readonly notifications: NotificationSource;
  readonly schema?: string;
  /** The projector's checkpoint name; default `read-models`. */
  readonly name?: string;
}

/**
 * Read-your-writes for a process whose projector runs elsewhere: follows the projector's checkpoint
 * through the NOTIFY it sends in each checkpoint transaction, and re-reads the checkpoint whenever
 * listening (re)starts, so a notification missed meanwhile does not leave a waiter hanging.
 */
export class CheckpointWatcher implements ProjectionProgress {
  readonly #options: CheckpointWatcherOptions;
  readonly #name: string;
  readonly #checkpoints: CheckpointTable;
  readonly #waiters = new PositionWaiters();
  #unlisten: (() => Promise<void>) | null = null;

  constructor(options: CheckpointWatcherOptions) {
    this.#options = options;
    this.#name = options.name ?? DEFAULT_PROJECTOR_NAME;
    this.#checkpoints = new CheckpointTable(options.schema ?? DEFAULT_READ_MODEL_SCHEMA);
  }

  /** The last checkpoint seen, or null. */
  get position(): Position | null {
    return this.#waiters.reached;
  }

  /** Starts listening and reads the current checkpoint. */
  async start(): Promise<void> {
    this.#unlisten = await this.#options.notifications.listen(
      this.#checkpoints.channel,
      (payload) => this.#onNotify(payload),
      () => void this.#refresh(),
    );
    await this.#refresh();
  }

  async close(): Promise<void> {
    await this.#unlisten?.();
    this.#unlisten = null;
    this.#waiters.cancelAll();
  }

  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    return this.#waiters.wait(position, timeoutMs);
  }

  #onNotify(payload: string): void {
    const space = payload.lastIndexOf(' ');
    if (payload.slice(0, space) !== this.#name) return;
    try {
      this.#waiters.advance(parsePosition(payload.slice(space + 1)));
    } catch {
      // Not a payload this version writes: the next refresh or notification corrects it.
    }
  }

  async #refresh(): Promise<void> {
    try {
      const position = await this.#checkpoints.read(this.#options.sql, this.#name);
      if (position) this.#waiters.advance(position);
    } catch {
      // The database is unreachable: waiters time out (eventual consistency) until it is back.
    }
  }
}
