import { ApiProperty } from '@nestjs/swagger';
import {
  GROUP_LABEL_MAX_LENGTH,
  GROUP_NAME_MAX_LENGTH,
  GROUP_NAME_PATTERN,
  validateGroupLabel,
  validateGroupName,
  type GroupFieldsInput,
} from '#domain';
import { StringRule } from '../../http/validation/body-rules.js';
import { ErrorResource } from '../../http/validation/validation-problem.js';

/** Body of `POST {i}/groups/`. */
@ErrorResource('group')
export class CreateGroupRequestDto {
  @ApiProperty({ minLength: 1, maxLength: GROUP_LABEL_MAX_LENGTH, example: 'witchers' })
  @StringRule(validateGroupLabel, { required: true })
  label!: string;

  @ApiProperty({ required: false, default: '' })
  @StringRule()
  description?: string;

  @ApiProperty({
    required: false,
    nullable: true,
    maxLength: GROUP_NAME_MAX_LENGTH,
    pattern: GROUP_NAME_PATTERN.source,
    description: 'Machine name, unique in the instance',
  })
  @StringRule(validateGroupName, { nullable: true })
  name?: string | null;
}

/** The group fields a body sent (absent ones stay absent). */
export function groupFieldsOf(body: GroupFieldsInput): GroupFieldsInput {
  return {
    ...(body.label !== undefined && { label: body.label }),
    ...(body.description !== undefined && { description: body.description }),
    ...(body.name !== undefined && { name: body.name }),
  };
}
