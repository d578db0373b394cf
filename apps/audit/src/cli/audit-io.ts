import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Where a command writes and what it reads its configuration from: injected, so tests run it in-process. */
export interface AuditIo {
  /** Results: the data a command was asked for (JSON, text, an export). */
  readonly stdout: Writable;
  /** Progress, summaries and errors. */
  readonly stderr: Writable & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Lets a long command stop cleanly on the first Ctrl-C (SIGINT) instead of being killed: calls
   * `listener` then; returns how to stop listening. Without it (or a listener), Ctrl-C kills.
   */
  readonly onInterrupt?: (listener: () => void) => () => void;
}

/** Writes text, waiting when the stream's buffer is full: an export of millions of lines stays in bounded memory. */
export async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}
