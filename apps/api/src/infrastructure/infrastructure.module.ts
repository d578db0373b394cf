import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import {
  GroupRepository,
  InstanceRepository,
  KeyRepository,
  ProfileFieldRepository,
  UserRepository,
} from '#read-models';
import { loadOrCreateSecret } from '#platform';
import { AccountKeyBootstrap } from '../account/account-key-bootstrap.js';
import { KeyDirectory } from '../auth/key-directory.js';
import { DEFAULT_KEY_CACHE, ReadModelKeyDirectory } from '../auth/read-model-key-directory.js';
import { UserKeys } from '../auth/user-keys.js';
import { Clock, SystemClock } from '../commands/clock.js';
import { DecisionRunner } from '../commands/decision-runner.js';
import { IdAllocator } from '../commands/id-allocator.js';
import { ReadYourWrites } from '../commands/read-your-writes.js';
import { Reservations } from '../commands/reservations.js';
import { AfterWrite } from '../http/after-write.js';
import { IdempotencyStore } from '../idempotency/idempotency-store.js';
import { SqlIdempotencyStore } from '../idempotency/sql-idempotency-store.js';
import { Argon2PasswordHasher } from '../passwords/argon2-password-hasher.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { LoginThrottle } from '../users/authenticate-user/login-throttle.js';
import { MembershipCleanupReactor } from '../users/delete-user/membership-cleanup.reactor.js';
import { UserPresenter } from '../users/user-presenter.js';
import { CONFIG } from './config.token.js';
import { EVENT_STORE } from './event-store.token.js';
import { PROJECTION_PROGRESS } from './projection-progress.token.js';
import { READ_MODEL_SQL } from './read-model-sql.token.js';
import { RuntimeLifecycle } from './runtime-lifecycle.js';
import type { Runtime } from './runtime.js';
import { RUNTIME } from './runtime.token.js';

const repository = <T>(type: new (sql: never, schema: string) => T): Provider => ({
  provide: type,
  useFactory: (runtime: Runtime) => new type(runtime.storage.sql as never, runtime.config.databaseSchema),
  inject: [RUNTIME],
});

/** Everything handlers and controllers share: storage, read models, crypto, the write path. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(runtime: Runtime): DynamicModule {
    const providers: Provider[] = [
      { provide: RUNTIME, useValue: runtime },
      { provide: CONFIG, useValue: runtime.config },
      { provide: EVENT_STORE, useValue: runtime.storage.store },
      { provide: READ_MODEL_SQL, useValue: runtime.storage.sql },
      { provide: PROJECTION_PROGRESS, useValue: runtime.progress },
      { provide: Clock, useClass: SystemClock },
      {
        provide: PasswordHasher,
        useValue: new Argon2PasswordHasher({
          memoryKib: runtime.config.argon2MemoryKib,
          passes: runtime.config.argon2Passes,
        }),
      },
      {
        provide: UserKeys,
        useValue: new UserKeys(loadOrCreateSecret(runtime.config.secret, runtime.config.dataDir)),
      },
      {
        provide: IdempotencyStore,
        useFactory: () => SqlIdempotencyStore.open(runtime.storage.sql, runtime.config.databaseSchema),
      },
      repository(InstanceRepository),
      repository(KeyRepository),
      repository(UserRepository),
      repository(GroupRepository),
      repository(ProfileFieldRepository),
      {
        provide: KeyDirectory,
        useFactory: (keys: KeyRepository, instances: InstanceRepository, users: UserRepository) =>
          new ReadModelKeyDirectory(keys, instances, users, runtime.progress, {
            ...DEFAULT_KEY_CACHE,
            settleMs: runtime.config.readYourWritesTimeoutMs,
          }),
        inject: [KeyRepository, InstanceRepository, UserRepository],
      },
      { provide: LoginThrottle, useFactory: () => new LoginThrottle(runtime.config) },
      DecisionRunner,
      IdAllocator,
      Reservations,
      ReadYourWrites,
      AfterWrite,
      UserPresenter,
      AccountKeyBootstrap,
      MembershipCleanupReactor,
      RuntimeLifecycle,
    ];
    return {
      module: InfrastructureModule,
      providers,
      exports: providers.filter((p) => p !== RuntimeLifecycle),
    };
  }
}
