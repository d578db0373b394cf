/** Instance names: a lowercase letter, then 2–63 lowercase letters, digits or hyphens. */
export const INSTANCE_NAME_PATTERN = /^[a-z][a-z0-9-]{2,63}$/;
export const INSTANCE_NAME_MESSAGE =
  'Enter a valid name: 3–64 characters, lowercase letters, digits and hyphens, starting with a letter.';

/** Messages for an invalid instance name; empty when valid. */
export const validateInstanceName = (name: string): string[] =>
  INSTANCE_NAME_PATTERN.test(name) ? [] : [INSTANCE_NAME_MESSAGE];
