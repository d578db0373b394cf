import { REQUIRED } from '#domain';
import { registerDecorator, type ValidationArguments } from 'class-validator';

/**
 * DTO decorators that delegate to the domain's value rules (one source of truth) and speak
 * Syncano's (Django REST framework's) messages. A rule reports its messages through
 * class-validator's message, which `validationProblem` turns into field errors.
 */
export interface RuleOptions {
  /** Absent (or null, unless `nullable`) → "This field is required." */
  readonly required?: boolean;
  /** null is a value ("clear it"), not an error. */
  readonly nullable?: boolean;
}

const NOT_NULL = 'This field may not be null.';
const NOT_A_STRING = 'Not a valid string.';
const NOT_AN_INTEGER = 'A valid integer is required.';
const NOT_A_BOOLEAN = 'Must be a valid boolean.';
const NOT_A_LIST = 'Expected a list of items.';
const NOT_AN_OBJECT = 'Expected a dictionary of items.';

function messagesFor(value: unknown, check: (value: unknown) => string[], options: RuleOptions): string[] {
  if (value === undefined) return options.required ? [REQUIRED] : [];
  if (value === null) return options.nullable ? [] : options.required ? [REQUIRED] : [NOT_NULL];
  return check(value);
}

function rule(
  name: string,
  check: (value: unknown) => string[],
  options: RuleOptions = {},
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => messagesFor(value, check, options).length === 0,
        defaultMessage: (args: ValidationArguments) =>
          JSON.stringify(messagesFor(args.value, check, options)),
      },
    });
}

/** A string satisfying the domain's rule. */
export const StringRule = (check: (value: string) => string[] = () => [], options?: RuleOptions) =>
  rule('string', (value) => (typeof value === 'string' ? check(value) : [NOT_A_STRING]), options);

/** A positive integer (an id). */
export const IdRule = (options?: RuleOptions) =>
  rule(
    'id',
    (value) => (Number.isSafeInteger(value) && (value as number) > 0 ? [] : [NOT_AN_INTEGER]),
    options,
  );

/** A non-negative integer (a revision). */
export const CountRule = (options?: RuleOptions) =>
  rule(
    'count',
    (value) => (Number.isSafeInteger(value) && (value as number) >= 0 ? [] : [NOT_AN_INTEGER]),
    options,
  );

export const BooleanRule = (options?: RuleOptions) =>
  rule('boolean', (value) => (typeof value === 'boolean' ? [] : [NOT_A_BOOLEAN]), options);

/** A list satisfying the domain's rule for the whole list. */
export const ListRule = (check: (value: unknown[]) => string[] = () => [], options?: RuleOptions) =>
  rule('list', (value) => (Array.isArray(value) ? check(value) : [NOT_A_LIST]), options);

/** A JSON object satisfying the domain's rule. */
export const ObjectRule = (
  check: (value: Record<string, unknown>) => string[] = () => [],
  options?: RuleOptions,
) =>
  rule(
    'object',
    (value) =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? check(value as Record<string, unknown>)
        : [NOT_AN_OBJECT],
    options,
  );
