// The client-facing texts of field validation, worded as Syncano (Django REST framework) words them.

export const REQUIRED = 'This field is required.';
export const BLANK = 'This field may not be blank.';
export const maxLengthMessage = (max: number): string =>
  `Ensure this field has no more than ${max} characters.`;
export const minLengthMessage = (min: number): string => `Ensure this field has at least ${min} characters.`;
export const invalidChoiceMessage = (value: string): string => `"${value}" is not a valid choice.`;
export const invalidPkMessage = (id: number | string): string =>
  `Invalid pk "${id}" - object does not exist.`;

/** Length in Unicode code points, as Python's `len` counts it (not UTF-16 units). */
export const charLength = (value: string): number => [...value].length;

/** Messages for a length bound check (code points). */
export function lengthMessages(value: string, { min = 0, max }: { min?: number; max: number }): string[] {
  const length = charLength(value);
  if (length === 0 && min > 0) return [BLANK];
  if (length < min) return [minLengthMessage(min)];
  if (length > max) return [maxLengthMessage(max)];
  return [];
}
