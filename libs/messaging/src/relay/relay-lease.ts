/**
 * The right to publish from one checkpoint. Two relays on the same checkpoint would both send every
 * event (duplicates on the wire, and a checkpoint they keep taking from each other), so a relay
 * publishes only while it holds the lease; the others stand by and take over from the checkpoint.
 */
export interface RelayLease {
  /** Takes the lease if nobody holds it; null while another relay does. Throws when its database is away. */
  tryAcquire(): Promise<HeldLease | null>;
  /** Ends what it keeps open while waiting (a held lease is released by its own `release`). */
  close(): Promise<void>;
}

export interface HeldLease {
  /** Aborts when the lease is lost (its connection dropped or stopped answering): stop publishing. */
  readonly lost: AbortSignal;
  /** Gives the lease up: a standby can take it at once. */
  release(): Promise<void>;
}

/**
 * For a relay that is alone by construction: PGlite's database belongs to one process (the data
 * directory's lock) and that process runs one relay. Never lost.
 */
export const SOLE_RELAY_LEASE: RelayLease = {
  tryAcquire: () => Promise.resolve({ lost: new AbortController().signal, release: () => Promise.resolve() }),
  close: () => Promise.resolve(),
};
