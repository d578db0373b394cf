import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { LoggingModule, MetricsModule } from '#platform';
import { AccountController } from './account/account.controller.js';
import { RotateAccountKeyHandler } from './account/rotate-account-key/rotate-account-key.handler.js';
import { ApiKeysController } from './api-keys/api-keys.controller.js';
import { IssueApiKeyHandler } from './api-keys/issue-api-key/issue-api-key.handler.js';
import { RevokeApiKeyHandler } from './api-keys/revoke-api-key/revoke-api-key.handler.js';
import { UpdateApiKeyHandler } from './api-keys/update-api-key/update-api-key.handler.js';
import { AuthGuard } from './auth/auth.guard.js';
import { GroupsModule } from './groups/groups.module.js';
import { HealthController } from './health/health.controller.js';
import { SyncanoExceptionFilter } from './http/errors/syncano-exception.filter.js';
import { BodyValidationPipe } from './http/validation/body-validation.pipe.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';
import type { Runtime } from './infrastructure/runtime.js';
import { CreateInstanceHandler } from './instances/create-instance/create-instance.handler.js';
import { DeleteInstanceHandler } from './instances/delete-instance/delete-instance.handler.js';
import { InstancesController } from './instances/instances.controller.js';
import { AuthenticateUserHandler } from './users/authenticate-user/authenticate-user.handler.js';
import { CreateUserHandler } from './users/create-user/create-user.handler.js';
import { DeleteUserHandler } from './users/delete-user/delete-user.handler.js';
import { ResetUserKeyHandler } from './users/reset-user-key/reset-user-key.handler.js';
import { UpdateUserHandler } from './users/update-user/update-user.handler.js';
import { UsersController } from './users/users.controller.js';

@Module({})
export class AppModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot(runtime.logger),
        MetricsModule,
        TerminusModule,
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(runtime),
        GroupsModule,
      ],
      controllers: [
        HealthController,
        InstancesController,
        ApiKeysController,
        AccountController,
        UsersController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: SyncanoExceptionFilter },
        { provide: APP_PIPE, useClass: BodyValidationPipe },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        CreateInstanceHandler,
        DeleteInstanceHandler,
        IssueApiKeyHandler,
        UpdateApiKeyHandler,
        RevokeApiKeyHandler,
        RotateAccountKeyHandler,
        CreateUserHandler,
        UpdateUserHandler,
        ResetUserKeyHandler,
        DeleteUserHandler,
        AuthenticateUserHandler,
      ],
    };
  }
}
