import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Delivers PostgreSQL notifications of one channel. */
export interface NotificationSource {
  /**
   * Calls `onNotify` with each payload sent on `channel`, and `onListening` whenever listening
   * (re)starts: notifications sent while it was not listening are lost, so the caller re-reads.
   * Resolves to a function that stops listening.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onListening: () => void,
  ): Promise<() => Promise<void>>;
}

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;

/** Notifications over a dedicated pg connection (LISTEN needs one), reconnecting with backoff. */
export function postgresNotifications(config: pg.ClientConfig): NotificationSource {
  return {
    async listen(channel, onNotify, onListening) {
      const listener = new ReconnectingListener(config, channel, onNotify, onListening);
      await listener.start();
      return () => listener.close();
    },
  };
}

/** Notifications of an embedded PGlite (one session: they come from this process's own commits). */
export function pgliteNotifications(pglite: PGlite): NotificationSource {
  return {
    async listen(channel, onNotify, onListening) {
      const quoted = `"${channel}"`;
      await pglite.listen(quoted, onNotify);
      onListening();
      // Not the function listen returns: it UNLISTENs the unquoted name, a syntax error for `a.b`.
      return () => pglite.unlisten(quoted, onNotify);
    },
  };
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

  /** Resolves once listening, or after the first failure (it keeps retrying in the background). */
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
