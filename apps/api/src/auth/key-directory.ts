import type { Position } from '#event-store';
import type { ApiKeyRecord } from '#read-models';
import type { KeyUser } from './principal.js';

export type { ApiKeyRecord };

/** The lookups authentication needs, answered from the read models. */
export abstract class KeyDirectory {
  /** A live account key with this SHA-256 digest. */
  abstract accountKeyId(digest: string): Promise<number | null>;
  /** A live API key with this digest, in an instance that still exists. */
  abstract apiKey(digest: string): Promise<ApiKeyRecord | null>;
  abstract instanceExists(name: string): Promise<boolean>;
  abstract user(instance: string, userId: number): Promise<KeyUser | null>;

  /**
   * This process appended events up to `position`; `types` are their types. A directory that
   * caches drops what they may change (keys, instances) once the read models include them.
   */
  written(_position: Position, _types: readonly string[]): void {}
}
