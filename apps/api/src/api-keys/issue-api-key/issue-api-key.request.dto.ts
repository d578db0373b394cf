import { ApiProperty } from '@nestjs/swagger';
import { lengthMessages } from '#domain';
import { BooleanRule, StringRule } from '../../http/validation/body-rules.js';
import { ErrorResource } from '../../http/validation/validation-problem.js';

/** Body of POST and PATCH `{i}/api_keys/`: every field optional. */
@ErrorResource('api_key')
export class ApiKeyRequestDto {
  @ApiProperty({ required: false, maxLength: 256 })
  @StringRule((value) => lengthMessages(value, { max: 256 }))
  description?: string;

  @ApiProperty({ required: false, description: 'May create users' })
  @BooleanRule()
  allow_user_create?: boolean;

  @ApiProperty({ required: false, description: 'Admin: may do everything in the instance' })
  @BooleanRule()
  ignore_acl?: boolean;
}

/** The DTO's fields that were sent, as the domain names them. */
export function apiKeyFlagsOf(body: ApiKeyRequestDto) {
  return {
    ...(body.description !== undefined && { description: body.description }),
    ...(body.allow_user_create !== undefined && { allowUserCreate: body.allow_user_create }),
    ...(body.ignore_acl !== undefined && { ignoreAcl: body.ignore_acl }),
  };
}
