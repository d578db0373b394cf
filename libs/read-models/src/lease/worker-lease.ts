/**
 * The right to follow the log from one checkpoint. Two workers on the same checkpoint would both do
 * every event's work (a relay sends everything twice, a reactor races its own appends) and keep
 * taking the checkpoint from each other, so a worker acts only while it holds the lease; the others
 * stand by and take over from the checkpoint.
 */
export interface WorkerLease {
  /** Takes the lease if nobody holds it; null while another worker does. Throws when its database is away. */
  tryAcquire(): Promise<HeldLease | null>;
  /** Ends what it keeps open while waiting (a held lease is released by its own `release`). */
  close(): Promise<void>;
}

export interface HeldLease {
  /** Aborts when the lease is lost (its connection dropped or stopped answering): stop working. */
  readonly lost: AbortSignal;
  /** Gives the lease up: a standby can take it at once. */
  release(): Promise<void>;
}

/**
 * For a worker that is alone by construction: PGlite's database belongs to one process (the data
 * directory's lock) and that process runs one worker per checkpoint. Never lost.
 */
export const SOLE_WORKER_LEASE: WorkerLease = {
  tryAcquire: () => Promise.resolve({ lost: new AbortController().signal, release: () => Promise.resolve() }),
  close: () => Promise.resolve(),
};
