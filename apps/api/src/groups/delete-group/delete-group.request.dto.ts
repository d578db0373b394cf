import { ApiProperty } from '@nestjs/swagger';
import { CountRule } from '../../http/validation/body-rules.js';
import { ErrorResource } from '../../http/validation/validation-problem.js';

/** Optional body of `DELETE {i}/groups/{id}/`. */
@ErrorResource('group')
export class DeleteGroupRequestDto {
  @ApiProperty({
    required: false,
    description: 'The revision the deletion was decided on; 400 on a mismatch',
  })
  @CountRule()
  expected_revision?: number;
}
