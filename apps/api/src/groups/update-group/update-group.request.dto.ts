import { ApiProperty } from '@nestjs/swagger';
import {
  GROUP_LABEL_MAX_LENGTH,
  GROUP_NAME_MAX_LENGTH,
  GROUP_NAME_PATTERN,
  validateGroupLabel,
  validateGroupName,
} from '#domain';
import { CountRule, StringRule } from '../../http/validation/body-rules.js';
import { CreateGroupRequestDto } from '../create-group/create-group.request.dto.js';
import { ErrorResource } from '../../http/validation/validation-problem.js';

const EXPECTED_REVISION = {
  required: false,
  description: 'The revision the change was decided on; 400 on a mismatch (If-Match answers 412)',
} as const;

/** Body of `PATCH {i}/groups/{id}/`: the fields it names are set. */
@ErrorResource('group')
export class PatchGroupRequestDto {
  @ApiProperty({ required: false, minLength: 1, maxLength: GROUP_LABEL_MAX_LENGTH })
  @StringRule(validateGroupLabel)
  label?: string;

  @ApiProperty({ required: false })
  @StringRule()
  description?: string;

  @ApiProperty({
    required: false,
    nullable: true,
    maxLength: GROUP_NAME_MAX_LENGTH,
    pattern: GROUP_NAME_PATTERN.source,
  })
  @StringRule(validateGroupName, { nullable: true })
  name?: string | null;

  @ApiProperty(EXPECTED_REVISION)
  @CountRule()
  expected_revision?: number;
}

/** Body of `PUT {i}/groups/{id}/`: every mutable field, as on create; absent ones become their defaults. */
@ErrorResource('group')
export class ReplaceGroupRequestDto extends CreateGroupRequestDto {
  @ApiProperty(EXPECTED_REVISION)
  @CountRule()
  expected_revision?: number;
}
