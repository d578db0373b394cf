// The value rules of a group body: constants and pure validators, shared by decide and the HTTP DTOs.
import { fieldErrors, type FieldError } from '../shared/domain-error.js';
import { lengthMessages, REQUIRED } from '../shared/field-messages.js';

export const GROUP_LABEL_MAX_LENGTH = 64;
export const GROUP_NAME_MAX_LENGTH = 64;
/** Optional machine name, unique per instance (reserved like usernames): lowercase only. */
export const GROUP_NAME_PATTERN = /^[a-z0-9._-]+$/;
export const GROUP_NAME_MESSAGE =
  'Enter a valid name. This value may contain only lowercase letters, numbers and ./-/_ characters.';

export const validateGroupLabel = (label: string): string[] =>
  lengthMessages(label, { min: 1, max: GROUP_LABEL_MAX_LENGTH });

export const validateGroupName = (name: string): string[] => {
  const length = lengthMessages(name, { min: 1, max: GROUP_NAME_MAX_LENGTH });
  if (length.length > 0) return length;
  return GROUP_NAME_PATTERN.test(name) ? [] : [GROUP_NAME_MESSAGE];
};

/** A group body as the domain reads it; absent (undefined) fields are not checked. */
export interface GroupFieldsInput {
  readonly label?: string;
  readonly description?: string;
  readonly name?: string | null;
}

/**
 * Every failing field of a group body at once (code `group.<field>.invalid`), `required` ones
 * reported as missing when absent.
 */
export function validateGroupFields(
  input: GroupFieldsInput,
  required: readonly (keyof GroupFieldsInput)[] = [],
): FieldError[] {
  const errorsOf = (field: keyof GroupFieldsInput, messages: readonly string[]) =>
    fieldErrors(field, `group.${field}.invalid`, messages);
  const { label, name } = input;
  return [
    ...required.filter((field) => input[field] === undefined).flatMap((field) => errorsOf(field, [REQUIRED])),
    ...(label === undefined ? [] : errorsOf('label', validateGroupLabel(label))),
    ...(name === undefined || name === null ? [] : errorsOf('name', validateGroupName(name))),
  ];
}
