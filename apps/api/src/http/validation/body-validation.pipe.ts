import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '#domain';
import { validationProblem } from './validation-problem.js';

/**
 * Validates `@Body()` DTOs: unknown fields are dropped (clients send extra ones), every failing
 * field is reported at once, and a body that is not a JSON object is refused.
 */
export class BodyValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: false,
      transform: true,
      validationError: { target: true, value: false },
      exceptionFactory: validationProblem,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body') return value;
    if (value === undefined || value === null) value = {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new DomainError('invalid', [
        {
          field: 'detail',
          code: 'request.body.invalid',
          message: 'Invalid data. Expected a dictionary, but got a list or value.',
        },
      ]);
    }
    return super.transform(value, metadata);
  }
}
