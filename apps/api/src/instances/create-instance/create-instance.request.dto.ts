import { ApiProperty } from '@nestjs/swagger';
import { lengthMessages, validateInstanceName } from '#domain';
import { StringRule } from '../../http/validation/body-rules.js';
import { ErrorResource } from '../../http/validation/validation-problem.js';

@ErrorResource('instance')
export class CreateInstanceRequestDto {
  @ApiProperty({ pattern: '^[a-z][a-z0-9-]{2,63}$', example: 'my-app' })
  @StringRule(validateInstanceName, { required: true })
  name!: string;

  @ApiProperty({ required: false, maxLength: 1024 })
  @StringRule((value) => lengthMessages(value, { max: 1024 }))
  description?: string;
}
