import { DomainError, type FieldError } from '#domain';
import type { ValidationError } from 'class-validator';

const resources = new WeakMap<object, string>();

/** Names the resource of a DTO, for error codes such as `user.username.invalid`. */
export const ErrorResource =
  (resource: string): ClassDecorator =>
  (target) => {
    resources.set(target, resource);
  };

/** class-validator's findings as one 'invalid' DomainError, one field error per message. */
export function validationProblem(errors: ValidationError[]): DomainError {
  const fieldErrors: FieldError[] = [];
  for (const error of errors) {
    const resource = (error.target && resources.get(error.target.constructor)) ?? 'request';
    const code = `${resource}.${error.property}.invalid`;
    for (const text of Object.values(error.constraints ?? {})) {
      for (const message of parseMessages(text)) fieldErrors.push({ field: error.property, code, message });
    }
  }
  return new DomainError('invalid', fieldErrors);
}

function parseMessages(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.map(String) : [text];
  } catch {
    return [text];
  }
}
