import type { AppendRow } from './append-events.sql.js';

interface PendingAppend {
  /** Its element of the call's JSON array (`appendJson`). */
  readonly json: string;
  resolve(row: AppendRow): void;
  reject(error: unknown): void;
}

export interface AppendBatcherOptions {
  /** Runs one call of the batch append with the JSON array of appends; one row per append, in order. */
  readonly call: (appendsJson: string) => Promise<AppendRow[]>;
  /** Calls running at once; appends that arrive while all run wait for the next one. */
  readonly maxInFlight: number;
  /** Most appends in one call. */
  readonly maxAppends: number;
}

/**
 * Group commit for appends. An append goes out at once when a call slot is free (a lone writer
 * waits for nothing); while every slot is busy, arriving appends queue and the next free slot
 * sends them together in one call, one transaction and one WAL flush. A failed call is repeated
 * append by append, so each append gets its own answer: an event id already stored fails only its
 * own append, and a call whose commit was lost is answered by each append's retry detection.
 */
export class AppendBatcher {
  readonly #options: AppendBatcherOptions;
  readonly #queue: PendingAppend[] = [];
  #inFlight = 0;

  constructor(options: AppendBatcherOptions) {
    this.#options = options;
  }

  submit(json: string): Promise<AppendRow> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ json, resolve, reject });
      this.#sendWhileFree();
    });
  }

  #sendWhileFree(): void {
    while (this.#inFlight < this.#options.maxInFlight && this.#queue.length > 0) {
      const appends = this.#queue.splice(0, this.#options.maxAppends);
      this.#inFlight += 1;
      void this.#send(appends).finally(() => {
        this.#inFlight -= 1;
        this.#sendWhileFree();
      });
    }
  }

  async #send(appends: readonly PendingAppend[]): Promise<void> {
    let rows: AppendRow[];
    try {
      rows = await this.#call(appends);
    } catch (error) {
      if (appends.length === 1) {
        appends[0]!.reject(error);
        return;
      }
      await Promise.all(appends.map((append) => this.#send([append])));
      return;
    }
    appends.forEach((append, index) => append.resolve(rows[index]!));
  }

  async #call(appends: readonly PendingAppend[]): Promise<AppendRow[]> {
    const rows = await this.#options.call(`[${appends.map((append) => append.json).join(',')}]`);
    if (rows.length !== appends.length) {
      throw new Error(`the batch append answered ${rows.length} rows for ${appends.length} appends`);
    }
    return rows;
  }
}
