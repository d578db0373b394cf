import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AccountKeyBootstrap } from '../account/account-key-bootstrap.js';
import { MembershipCleanupReactor } from '../users/delete-user/membership-cleanup.reactor.js';
import type { Runtime } from './runtime.js';
import { RUNTIME } from './runtime.token.js';

/** Starts the workers before the server listens and stops them (then the storage) on shutdown. */
@Injectable()
export class RuntimeLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly accountKeys: AccountKeyBootstrap,
    private readonly membershipCleanup: MembershipCleanupReactor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.start();
    const issued = await this.accountKeys.ensureAccountKey();
    // The key must authenticate as soon as the server listens.
    if (issued !== null) await this.runtime.progress.waitFor(issued, 30_000);
    await this.membershipCleanup.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.membershipCleanup.stop();
    await this.runtime.stop();
  }
}
