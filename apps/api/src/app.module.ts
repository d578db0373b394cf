import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggingModule, MetricsModule, type Config } from '#platform';
import { HealthController } from './health/health.controller.js';

@Module({})
export class AppModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [LoggingModule.forRoot(config), MetricsModule, TerminusModule],
      controllers: [HealthController],
    };
  }
}
