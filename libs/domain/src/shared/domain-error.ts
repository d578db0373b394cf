/** How a rule failed; the HTTP edge maps each kind to one status in one place. */
export type DomainErrorKind =
  | 'invalid' // 400
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'precondition'; // 412

/** Body field name (snake_case, as the client sent it), or `__all__`, or `detail`. */
export const NON_FIELD_ERRORS = '__all__';
export const DETAIL = 'detail';

/** One failure: where, the machine code for `X-Error-Codes`, and the client-facing text. */
export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** A broken business rule, as a value: never an HttpException. */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly errors: readonly FieldError[],
  ) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'DomainError';
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** 404 `{"detail": "Not found."}` for a resource addressed by the path that is missing or deleted. */
export const notFound = (): DomainError =>
  new DomainError('not_found', [{ field: DETAIL, code: 'resource.not_found', message: 'Not found.' }]);

/** Throws one 'invalid' error carrying every field error, or returns when there is none. */
export function assertNoFieldErrors(errors: readonly FieldError[]): void {
  if (errors.length > 0) throw new DomainError('invalid', errors);
}

/** One field error per message, all with the same field and code. */
export const fieldErrors = (field: string, code: string, messages: readonly string[]): FieldError[] =>
  messages.map((message) => ({ field, code, message }));

/** 409 `request.conflict`: the state the command was decided on is stale; the handler may retry. */
export const concurrentUpdate = (): DomainError =>
  new DomainError('conflict', [
    { field: DETAIL, code: 'request.conflict', message: 'Concurrent update, please retry.' },
  ]);
