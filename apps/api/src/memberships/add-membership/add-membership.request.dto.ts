import { ApiProperty } from '@nestjs/swagger';
import { IdRule } from '../../http/validation/body-rules.js';
import { ErrorResource } from '../../http/validation/validation-problem.js';

/** Body of `POST {i}/groups/{id}/users/`. */
@ErrorResource('membership')
export class AddGroupMemberRequestDto {
  @ApiProperty({ description: 'The id of the user to add', example: 10 })
  @IdRule({ required: true })
  user!: number;
}

/** Body of `POST {i}/users/{id}/groups/`. */
@ErrorResource('membership')
export class AddUserGroupRequestDto {
  @ApiProperty({ description: 'The id of the group to join', example: 1 })
  @IdRule({ required: true })
  group!: number;
}
