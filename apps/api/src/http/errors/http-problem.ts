import type { FieldError } from '#domain';

/**
 * An error the HTTP edge itself decides (authentication, body size, throttling, idempotency):
 * the status and the same `{field, code, message}` list a `DomainError` carries.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly FieldError[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'HttpProblem';
  }

  /** A problem reported as `{"detail": message}`. */
  static detail(
    status: number,
    code: string,
    message: string,
    headers?: Record<string, string>,
  ): HttpProblem {
    return new HttpProblem(status, [{ field: 'detail', code, message }], headers);
  }
}
