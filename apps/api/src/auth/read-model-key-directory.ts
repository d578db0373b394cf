import type { Position } from '#event-store';
import type { InstanceRepository, KeyRepository, ProjectionProgress, UserRepository } from '#read-models';
import { KeyDirectory, type ApiKeyRecord } from './key-directory.js';
import type { KeyUser } from './principal.js';

export interface KeyCacheOptions {
  /** How long an answer is reused; 0 turns the cache off. */
  readonly ttlMs: number;
  /** Most answers kept per kind; when full the kind is emptied. */
  readonly maxEntries: number;
  /** How long `written` waits for the read models before dropping the cache anyway. */
  readonly settleMs: number;
}

export const DEFAULT_KEY_CACHE: KeyCacheOptions = { ttlMs: 1000, maxEntries: 10_000, settleMs: 5000 };

/** The event types whose projection changes what the cached lookups answer. */
const AUTH_EVENT = /^(AccountKey|ApiKey|Instance)/;

interface Entry<T> {
  readonly value: T;
  readonly expiresAt: number;
}

/**
 * Authentication's lookups, answered by the read models (which every write waits for), with the
 * account-key, API-key and instance answers (found or not) cached for `ttlMs`.
 *
 * Semantics: a key revoked, issued or an instance created or deleted through THIS process takes
 * effect at once here: from the append until the read models include the write the cache is
 * bypassed, and it is emptied when they do, before the write's response (which waits for the same
 * position) is sent; a lookup that raced with the change is never stored. A change written by
 * another process (another API replica on PostgreSQL) takes effect here within `ttlMs` of the read
 * models showing it. The user lookup (status, key generation) is never cached.
 */
export class ReadModelKeyDirectory extends KeyDirectory {
  readonly #accountKeys = new Map<string, Entry<number | null>>();
  readonly #apiKeys = new Map<string, Entry<ApiKeyRecord | null>>();
  readonly #instances = new Map<string, Entry<boolean>>();
  readonly #options: KeyCacheOptions;
  /** Bumped on every invalidation: a lookup started before one is not stored. */
  #generation = 0;
  /** Own writes of keys or instances the read models do not show yet: cache bypassed meanwhile. */
  #pending = 0;

  constructor(
    private readonly keys: KeyRepository,
    private readonly instances: InstanceRepository,
    private readonly users: UserRepository,
    private readonly progress?: ProjectionProgress,
    options: KeyCacheOptions = DEFAULT_KEY_CACHE,
  ) {
    super();
    this.#options = options;
  }

  accountKeyId(digest: string): Promise<number | null> {
    return this.#cached(this.#accountKeys, digest, () => this.keys.accountKeyId(digest));
  }

  apiKey(digest: string): Promise<ApiKeyRecord | null> {
    return this.#cached(this.#apiKeys, digest, () => this.keys.apiKeyByDigest(digest));
  }

  instanceExists(name: string): Promise<boolean> {
    return this.#cached(this.#instances, name, () => this.instances.exists(name));
  }

  async user(instance: string, userId: number): Promise<KeyUser | null> {
    const row = await this.users.get(instance, userId);
    return row && { id: row.id, keyGeneration: row.keyGeneration, status: row.status };
  }

  override written(position: Position, types: readonly string[]): void {
    if (!types.some((type) => AUTH_EVENT.test(type))) return;
    this.#invalidate();
    this.#pending++;
    const settled = this.progress?.waitFor(position, this.#options.settleMs) ?? Promise.resolve(true);
    void settled.finally(() => {
      this.#pending--;
      this.#invalidate();
    });
  }

  /** Empties the cache. */
  invalidate(): void {
    this.#invalidate();
  }

  #invalidate(): void {
    this.#generation++;
    this.#accountKeys.clear();
    this.#apiKeys.clear();
    this.#instances.clear();
  }

  async #cached<T>(cache: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const { ttlMs, maxEntries } = this.#options;
    if (ttlMs <= 0 || this.#pending > 0) return load();
    const now = Date.now();
    const hit = cache.get(key);
    if (hit !== undefined && hit.expiresAt > now) return hit.value;
    const generation = this.#generation;
    const value = await load();
    if (generation === this.#generation && this.#pending === 0) {
      if (cache.size >= maxEntries) cache.clear();
      cache.set(key, { value, expiresAt: now + ttlMs });
    }
    return value;
  }
}
