import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { listenWithReconnect } from '#event-store';

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

/** Notifications over a dedicated pg connection (LISTEN needs one), reconnecting with backoff. */
export function postgresNotifications(config: pg.ClientConfig): NotificationSource {
  return {
    async listen(channel, onNotify, onListening) {
      const listening = listenWithReconnect(config, channel, onNotify, onListening);
      await listening.started;
      return () => listening.close();
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
