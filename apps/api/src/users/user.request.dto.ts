import { ApiProperty } from '@nestjs/swagger';
import { USER_STATUSES, type UserFieldsInput } from '#domain';
import { CountRule, ListRule, ObjectRule, StringRule } from '../http/validation/body-rules.js';
import { ErrorResource } from '../http/validation/validation-problem.js';

const allStrings = (items: unknown[]) =>
  items.every((item) => typeof item === 'string') ? [] : ['Expected a list of strings.'];
const allIds = (items: unknown[]) =>
  items.every((item) => Number.isSafeInteger(item) && (item as number) > 0)
    ? []
    : ['Expected a list of ids.'];

/**
 * A user body (create, PATCH, PUT). The DTO checks types; the values are checked by the domain's
 * `validateUserFields` (with the configured roles) before anything is written.
 */
@ErrorResource('user')
export class UserRequestDto {
  @ApiProperty({
    required: false,
    maxLength: 150,
    example: 'geralt',
    description: 'Required on create and PUT',
  })
  @StringRule()
  username?: string;

  @ApiProperty({
    required: false,
    minLength: 7,
    maxLength: 256,
    description: 'Required on create; never returned',
  })
  @StringRule()
  password?: string;

  @ApiProperty({ required: false, nullable: true, example: 'geralt@kaer-morhen.example' })
  @StringRule(undefined, { nullable: true })
  email?: string | null;

  @ApiProperty({ required: false, nullable: true, maxLength: 255 })
  @StringRule(undefined, { nullable: true })
  full_name?: string | null;

  @ApiProperty({ required: false, enum: USER_STATUSES })
  @StringRule()
  status?: string;

  @ApiProperty({ required: false, type: [String] })
  @ListRule(allStrings)
  roles?: string[];

  @ApiProperty({ required: false, type: Object, description: 'Custom data, at most 16 KiB' })
  @ObjectRule()
  profile?: Record<string, unknown>;

  @ApiProperty({ required: false, type: Object, description: 'Alias of profile' })
  @ObjectRule()
  custom_data?: Record<string, unknown>;

  @ApiProperty({ required: false, type: [Number], description: 'Groups to join (create only)' })
  @ListRule(allIds)
  groups?: number[];

  @ApiProperty({ required: false, description: 'The revision the client expects (400 on mismatch)' })
  @CountRule()
  expected_revision?: number;
}

/** The body's user fields as the domain names them; absent ones stay absent. */
export function userFieldsOf(body: UserRequestDto): UserFieldsInput {
  const profile = body.profile ?? body.custom_data;
  return {
    ...(body.username !== undefined && { username: body.username }),
    ...(body.password !== undefined && { password: body.password }),
    ...(body.email !== undefined && { email: body.email }),
    ...(body.full_name !== undefined && { fullName: body.full_name }),
    ...(body.status !== undefined && { status: body.status }),
    ...(body.roles !== undefined && { roles: body.roles }),
    ...(profile !== undefined && { profile }),
  };
}

@ErrorResource('user')
export class UserAuthRequestDto {
  @ApiProperty({ example: 'geralt' })
  @StringRule(undefined, { required: true })
  username!: string;

  @ApiProperty()
  @StringRule(undefined, { required: true })
  password!: string;
}
