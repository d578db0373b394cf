import pg from 'pg';

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;

/**
 * LISTENs on the store's channel on a dedicated connection and calls `onAppend` for every
 * notification from another store. Reconnects with backoff when the connection fails, and calls
 * `onAppend` after each (re)connect: appends made while it was not listening are then read.
 */
export class AppendListener {
  readonly #config: pg.ClientConfig;
  readonly #channel: string;
  readonly #ownPayload: string;
  readonly #onAppend: () => void;
  #client: pg.Client | undefined;
  #started = false;
  #closed = false;
  #retryMs = 0;
  #retryTimer: NodeJS.Timeout | undefined;

  constructor(config: pg.ClientConfig, channel: string, ownPayload: string, onAppend: () => void) {
    this.#config = config;
    this.#channel = channel;
    this.#ownPayload = ownPayload;
    this.#onAppend = onAppend;
  }

  /** Starts listening, once; later calls do nothing. */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    void this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(this.#config);
    this.#client = client;
    const fail = (): void => this.#reconnect(client);
    client.on('error', fail);
    client.on('end', fail);
    client.on('notification', (message) => {
      if (message.payload !== this.#ownPayload) this.#onAppend();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.#channel}"`);
    } catch {
      return fail();
    }
    if (this.#client !== client) return;
    this.#retryMs = 0;
    this.#onAppend();
  }

  #reconnect(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    void client.end().catch(() => undefined);
    if (this.#closed) return;
    this.#retryMs = Math.min(Math.max(this.#retryMs * 2, FIRST_RETRY_MS), MAX_RETRY_MS);
    this.#retryTimer = setTimeout(() => void this.#connect(), this.#retryMs);
  }
}
