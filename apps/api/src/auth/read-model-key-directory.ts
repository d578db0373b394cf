import type { InstanceRepository, KeyRepository, UserRepository } from '#read-models';
import { KeyDirectory, type ApiKeyRecord } from './key-directory.js';
import type { KeyUser } from './principal.js';

/** Authentication's lookups, answered by the read models (which every write waits for). */
export class ReadModelKeyDirectory extends KeyDirectory {
  constructor(
    private readonly keys: KeyRepository,
    private readonly instances: InstanceRepository,
    private readonly users: UserRepository,
  ) {
    super();
  }

  accountKeyId(digest: string): Promise<number | null> {
    return this.keys.accountKeyId(digest);
  }

  apiKey(digest: string): Promise<ApiKeyRecord | null> {
    return this.keys.apiKeyByDigest(digest);
  }

  instanceExists(name: string): Promise<boolean> {
    return this.instances.exists(name);
  }

  async user(instance: string, userId: number): Promise<KeyUser | null> {
    const row = await this.users.get(instance, userId);
    return row && { id: row.id, keyGeneration: row.keyGeneration, status: row.status };
  }
}
