import pg from 'pg';
import type { HeldLease, WorkerLease } from './worker-lease.js';

export interface AdvisoryLeaseOptions {
  /** How often the holder checks that its connection answers; default 1 s. */
  readonly pingMs?: number;
  /** A ping unanswered this long counts as a lost connection, so a lost lease; default 3 s. */
  readonly pingTimeoutMs?: number;
}

const DEFAULT_PING_MS = 1000;
const DEFAULT_PING_TIMEOUT_MS = 3000;

// The server probes a silent client this soon (seconds): a holder cut off by the network lets its
// lock go in about idle + interval × count = 11 s, not after the kernel's default two hours.
const SERVER_KEEPALIVE =
  'SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3';

/**
 * A `WorkerLease` as a PostgreSQL session-level advisory lock, taken with `pg_try_advisory_lock` on
 * a connection of its own: never one of the pool's, whose connections are handed to other work and
 * outlive it. PostgreSQL holds the lock exactly as long as that connection lives, so a holder that
 * dies, stops or is cut off lets go, and a standby's next try takes it. The holder pings its
 * connection: an error, an end or an unanswered ping aborts `lost` (the worker stops)
 * and ends the connection, so the server lets go too. A standby keeps one connection between tries.
 */
export function advisoryLease(
  config: pg.ClientConfig,
  key: string,
  options: AdvisoryLeaseOptions = {},
): WorkerLease {
  return new AdvisoryLease(config, key, {
    pingMs: options.pingMs ?? DEFAULT_PING_MS,
    pingTimeoutMs: options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS,
  });
}

class AdvisoryLease implements WorkerLease {
  /** The standby's connection, kept between tries. */
  #waiting: pg.Client | null = null;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly key: string,
    private readonly options: Required<AdvisoryLeaseOptions>,
  ) {}

  async tryAcquire(): Promise<HeldLease | null> {
    const client = this.#waiting ?? (await this.#connect());
    this.#waiting = client;
    let locked: boolean;
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [this.key],
      );
      locked = rows[0]?.locked === true;
    } catch (error) {
      this.#drop(client);
      throw error;
    }
    if (!locked) return null;
    this.#waiting = null;
    return new HeldAdvisoryLock(client, this.options);
  }

  async close(): Promise<void> {
    const client = this.#waiting;
    this.#waiting = null;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({ ...this.config, keepAlive: true });
    // A connection that fails emits 'error', which would end the process with no listener.
    client.on('error', () => this.#drop(client));
    try {
      await client.connect();
      await client.query(SERVER_KEEPALIVE);
      return client;
    } catch (error) {
      this.#drop(client);
      throw error;
    }
  }

  #drop(client: pg.Client): void {
    if (this.#waiting === client) this.#waiting = null;
    void client.end().catch(() => undefined);
  }
}

class HeldAdvisoryLock implements HeldLease {
  readonly #lost = new AbortController();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: pg.Client,
    private readonly options: Required<AdvisoryLeaseOptions>,
  ) {
    client.on('error', (error) => this.#lose(`the lease's connection failed: ${error.message}`));
    client.on('end', () => this.#lose(`the lease's connection ended`));
    this.#schedulePing();
  }

  get lost(): AbortSignal {
    return this.#lost.signal;
  }

  async release(): Promise<void> {
    clearTimeout(this.#timer);
    // Ending the session releases the lock (no unlock needed), at once for a standby.
    this.#lost.abort(new Error('released'));
    await this.client.end().catch(() => undefined);
  }

  #schedulePing(): void {
    this.#timer = setTimeout(() => void this.#ping(), this.options.pingMs);
    this.#timer.unref();
  }

  async #ping(): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    const unanswered = new Promise<never>((_, reject) => {
      timeout = setTimeout(
        () => reject(new Error(`no answer in ${this.options.pingTimeoutMs} ms`)),
        this.options.pingTimeoutMs,
      );
    });
    try {
      await Promise.race([this.client.query('SELECT 1'), unanswered]);
    } catch (error) {
      this.#lose(`the lease's connection does not answer: ${(error as Error).message}`);
      return;
    } finally {
      clearTimeout(timeout);
    }
    if (!this.#lost.signal.aborted) this.#schedulePing();
  }

  #lose(reason: string): void {
    if (this.#lost.signal.aborted) return;
    clearTimeout(this.#timer);
    this.#lost.abort(new Error(reason));
    void this.client.end().catch(() => undefined);
  }
}
