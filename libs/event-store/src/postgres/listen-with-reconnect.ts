import pg from 'pg';

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;

/** A LISTEN started by `listenWithReconnect`. */
export interface ReconnectingListen {
  /** Settles once listening, or after the first failure (it keeps retrying in the background). */
  readonly started: Promise<void>;
  /** Stops listening and ends the connection. */
  close(): Promise<void>;
}

/**
 * LISTENs on `channel` on a dedicated connection (LISTEN needs one) and calls `onNotify` with each
 * payload sent there, and `onListening` whenever listening (re)starts: notifications sent while it
 * was not listening are lost, so the caller re-reads. Reconnects with backoff when the connection fails.
 */
export function listenWithReconnect(
  config: pg.ClientConfig,
  channel: string,
  onNotify: (payload: string) => void,
  onListening: () => void,
): ReconnectingListen {
  const listener = new ReconnectingListener(config, channel, onNotify, onListening);
  return { started: listener.start(), close: () => listener.close() };
}

class ReconnectingListener {
  #client: pg.Client | undefined;
  #closed = false;
  #retryMs = 0;
  #retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly onNotify: (payload: string) => void,
    private readonly onListening: () => void,
  ) {}

  start(): Promise<void> {
    return this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(this.config);
    this.#client = client;
    const fail = (): void => this.#reconnect(client);
    client.on('error', fail);
    client.on('end', fail);
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload !== undefined) this.onNotify(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch {
      return fail();
    }
    if (this.#client !== client) return;
    this.#retryMs = 0;
    this.onListening();
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
