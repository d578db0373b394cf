/** A remembered POST: the digest of what was asked and where its result lives. */
export interface IdempotencyRecord {
  readonly requestDigest: string;
  /** null while the first request is still running. */
  readonly status: number | null;
  /** The created or changed resource's path (`Content-Location`), replayed with a GET. */
  readonly resourcePath: string | null;
}

/** Keeps `Idempotency-Key` outcomes for 24 hours; only digests and references, never bodies. */
export abstract class IdempotencyStore {
  /** Claims the key for a new request, or returns the record already there (younger than 24 h). */
  abstract claim(holder: string, token: string, requestDigest: string): Promise<IdempotencyRecord | null>;
  abstract complete(
    holder: string,
    token: string,
    status: number,
    resourcePath: string | null,
  ): Promise<void>;
  /** Forgets a claim whose request failed, so the client may retry it. */
  abstract abandon(holder: string, token: string): Promise<void>;
}
