import { Inject, Injectable, Logger } from '@nestjs/common';
import { ACCOUNT_STREAM, accountDecider, activeAccountKey, nextAccountKeyId } from '#domain';
import { CONFIG } from '../infrastructure/config.token.js';
import type { Position } from '#event-store';
import type { Config } from '#platform';
import { digestKey, generateKey } from '../auth/key-digest.js';
import type { CommandContext } from '../commands/command-context.js';
import { DecisionRunner } from '../commands/decision-runner.js';

const SYSTEM: CommandContext = {
  actor: { kind: 'system', id: 'bootstrap' },
  requestId: null,
  correlationId: 'bootstrap',
  causationId: null,
};

/**
 * Makes sure an account key exists at start: `ROSTER_ACCOUNT_KEY` is issued (once; its digest
 * only), or, with none configured and none active, a new key is generated and printed once.
 */
@Injectable()
export class AccountKeyBootstrap {
  private readonly logger = new Logger('AccountKeyBootstrap');

  constructor(
    private readonly runner: DecisionRunner,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Returns the position of the key it issued, or null when none was needed. */
  async ensureAccountKey(): Promise<Position | null> {
    const configured = this.config.accountKey;
    const { state } = await this.runner.load(ACCOUNT_STREAM, accountDecider);
    if (configured !== null) {
      const digest = digestKey(configured);
      if (activeAccountKey(state, digest)) return null;
      if (state.keys.some((key) => key.keyDigest === digest)) {
        // A rotation revoked it; bringing it back on restart would undo the rotation.
        this.logger.warn(
          'ROSTER_ACCOUNT_KEY was revoked by a key rotation and is not accepted; set the new key',
        );
        return null;
      }
      return this.issue(digest);
    }
    if (state.keys.some((key) => key.revokedAt === null)) return null;
    const key = generateKey();
    const position = await this.issue(digestKey(key));
    // Printed once, to stderr and never through the logger: log pipelines must not hold keys.
    process.stderr.write(
      `\n  Roster account key (shown once, keep it safe): ${key}\n` +
        '  Send it as X-API-KEY to create instances and API keys.\n\n',
    );
    return position;
  }

  private async issue(keyDigest: string): Promise<Position | null> {
    const { position } = await this.runner.decide(
      ACCOUNT_STREAM,
      accountDecider,
      (state) => ({
        type: 'IssueAccountKey' as const,
        data: { accountKeyId: nextAccountKeyId(state), keyDigest },
      }),
      SYSTEM,
    );
    return position;
  }
}
