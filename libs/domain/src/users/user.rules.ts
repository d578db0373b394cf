// The value rules of a user body: constants and pure validators, shared by decide and the HTTP DTOs.
import { fieldErrors, type FieldError } from '../shared/domain-error.js';
import { BLANK, invalidChoiceMessage, lengthMessages, REQUIRED } from '../shared/field-messages.js';
import { isPlainObject, jsonByteLength, jsonTypeName } from '../shared/json.js';

export const USERNAME_MAX_LENGTH = 150;
/** ASCII letters, digits and `.@+-_`. Case is kept; uniqueness and login compare lowercased. */
export const USERNAME_PATTERN = /^[A-Za-z0-9.@+_-]+$/;
export const USERNAME_MESSAGE =
  'Enter a valid username. This value may contain only letters, numbers and @/./+/-/_ characters.';

export const PASSWORD_MIN_LENGTH = 7;
export const PASSWORD_MAX_LENGTH = 256;

export const EMAIL_MAX_LENGTH = 254;
/** Pragmatic: one `@`, no whitespace, a dotted domain without empty labels. */
export const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$/;
export const EMAIL_MESSAGE = 'Enter a valid email address.';

export const FULL_NAME_MAX_LENGTH = 255;

/** Any status may change to any other; `disabled` blocks login and the user key (elsewhere). */
export const USER_STATUSES = ['unverified', 'active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const DEFAULT_USER_STATUS: UserStatus = 'unverified';

/** The profile's JSON text, UTF-8. */
export const PROFILE_MAX_BYTES = 16 * 1024;
/** Keys of Syncano's user_profile object itself; custom data may not use them. */
export const RESERVED_PROFILE_KEYS: readonly string[] = [
  'id',
  'owner',
  'revision',
  'created_at',
  'updated_at',
  'links',
  'channel',
  'channel_room',
  'group',
  'owner_permissions',
  'group_permissions',
  'other_permissions',
];

const messagesIf = (failed: boolean, message: string): string[] => (failed ? [message] : []);

/** Each validator returns the field's error messages; empty when the value is valid. */
export const validateUsername = (username: string): string[] => {
  const length = lengthMessages(username, { min: 1, max: USERNAME_MAX_LENGTH });
  if (username === '') return length;
  return [...length, ...messagesIf(!USERNAME_PATTERN.test(username), USERNAME_MESSAGE)];
};

export const validatePassword = (password: string): string[] =>
  lengthMessages(password, { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH });

export const validateEmail = (email: string): string[] => {
  if (email === '') return [BLANK];
  const length = lengthMessages(email, { max: EMAIL_MAX_LENGTH });
  return length.length > 0 ? length : messagesIf(!EMAIL_PATTERN.test(email), EMAIL_MESSAGE);
};

export const validateFullName = (fullName: string): string[] =>
  lengthMessages(fullName, { max: FULL_NAME_MAX_LENGTH });

export const isUserStatus = (status: string): status is UserStatus =>
  (USER_STATUSES as readonly string[]).includes(status);

export const validateStatus = (status: string): string[] =>
  messagesIf(!isUserStatus(status), invalidChoiceMessage(status));

/** `allowedRoles` is configuration (`ROSTER_ROLES`), so it comes in with the command. */
export const validateRoles = (roles: readonly string[], allowedRoles: readonly string[]): string[] =>
  roles.filter((role) => !allowedRoles.includes(role)).map(invalidChoiceMessage);

export const validateProfile = (profile: unknown): string[] => {
  if (!isPlainObject(profile))
    return [`Expected a dictionary of items but got type "${jsonTypeName(profile)}".`];
  const reserved = Object.keys(profile)
    .filter((key) => RESERVED_PROFILE_KEYS.includes(key))
    .map((key) => `"${key}" is a reserved key.`);
  const tooLarge = jsonByteLength(profile) > PROFILE_MAX_BYTES;
  return [
    ...reserved,
    ...messagesIf(tooLarge, `Ensure this field has no more than ${PROFILE_MAX_BYTES} bytes.`),
  ];
};

/** Roles as stored: each once, sorted (a set; order carries no meaning). */
export const normalizeRoles = (roles: readonly string[]): string[] => [...new Set(roles)].toSorted();

/** A user body as the domain reads it; absent (undefined) fields are not checked. */
export interface UserFieldsInput {
  readonly username?: string;
  /** Plain text: only the edge's early check sees it; commands carry the argon2id hash. */
  readonly password?: string;
  readonly email?: string | null;
  readonly fullName?: string | null;
  readonly status?: string;
  readonly roles?: readonly string[];
  readonly profile?: unknown;
}

/** The body field (snake_case) each input field reports under. */
export const USER_BODY_FIELDS = {
  username: 'username',
  password: 'password',
  email: 'email',
  fullName: 'full_name',
  status: 'status',
  roles: 'roles',
  profile: 'profile',
} as const satisfies Record<keyof UserFieldsInput, string>;

const errorsOf = (field: keyof UserFieldsInput, messages: readonly string[]): FieldError[] =>
  fieldErrors(USER_BODY_FIELDS[field], `user.${USER_BODY_FIELDS[field]}.invalid`, messages);

/** Checks a field when present (absent = undefined). */
const check = <T>(
  field: keyof UserFieldsInput,
  value: T | undefined,
  validate: (value: T) => string[],
): FieldError[] => (value === undefined ? [] : errorsOf(field, validate(value)));

/** A validator that accepts null (no value) too. */
const orNull =
  <T>(validate: (value: T) => string[]) =>
  (value: T | null): string[] =>
    value === null ? [] : validate(value);

/**
 * Every failing field of a user body at once (code `user.<field>.invalid`), `required` ones
 * reported as missing when absent. The edge calls it with the plain password before hashing.
 */
export function validateUserFields(
  input: UserFieldsInput,
  allowedRoles: readonly string[],
  required: readonly (keyof UserFieldsInput)[] = [],
): FieldError[] {
  return [
    ...required.filter((field) => input[field] === undefined).flatMap((field) => errorsOf(field, [REQUIRED])),
    ...check('username', input.username, validateUsername),
    ...check('password', input.password, validatePassword),
    ...check('email', input.email, orNull(validateEmail)),
    ...check('fullName', input.fullName, orNull(validateFullName)),
    ...check('status', input.status, validateStatus),
    ...check('roles', input.roles, (roles) => validateRoles(roles, allowedRoles)),
    ...check('profile', input.profile, validateProfile),
  ];
}
