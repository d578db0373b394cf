import type { FieldError } from '#domain';

/**
 * Syncano's error body: `{"detail": "…"}` for a non-field problem, otherwise
 * `{"<field>": ["…", …], "__all__": [...]}`; and the machine codes for `X-Error-Codes`.
 */
export function errorBody(errors: readonly FieldError[]): { body: Record<string, unknown>; codes: string } {
  const detail = errors.find((error) => error.field === 'detail');
  const body: Record<string, unknown> = {};
  if (detail) {
    body.detail = detail.message;
  } else {
    for (const { field, message } of errors) {
      const messages = (body[field] as string[] | undefined) ?? [];
      messages.push(message);
      body[field] = messages;
    }
  }
  const codes = [...new Set(errors.map((error) => error.code))].join(',');
  return { body, codes };
}
