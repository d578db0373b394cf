/**
 * Why `value` would not survive a round trip through JSON and PostgreSQL's jsonb, or undefined when
 * it does. JSON.stringify alone is not enough: it throws on bigints and cycles but silently drops or
 * nulls functions, symbols, `undefined` in arrays and non-finite numbers, and turns Maps, Sets and
 * class instances into `{}`; jsonb rejects NUL characters and lone surrogates.
 */
export function jsonProblem(value: unknown): string | undefined {
  return problemAt(value, '$', new Set());
}

function problemAt(value: unknown, path: string, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
      return stringProblem(value, path);
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot hold`;
    case 'object':
      return value === null ? undefined : objectProblem(value, path, ancestors);
    default:
      return `${path} is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, which JSON cannot hold`;
  }
}

// With the `u` flag a surrogate pair is one code point, so only unpaired halves match.
const LONE_SURROGATE = /\p{Cs}/u;

function stringProblem(text: string, path: string): string | undefined {
  if (text.includes('\u0000')) return `${path} contains a NUL character, which jsonb cannot hold`;
  if (LONE_SURROGATE.test(text)) return `${path} contains a lone surrogate (not valid Unicode)`;
  return undefined;
}

function objectProblem(value: object, path: string, ancestors: Set<object>): string | undefined {
  if (ancestors.has(value)) return `${path} refers back to itself (a cycle)`;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return arrayProblem(value, path, ancestors);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return recordProblem(value, path, ancestors);
    const toJson: unknown = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') return problemAt(toJson.call(value), path, ancestors);
    return `${path} is a ${value.constructor?.name ?? 'non-plain object'}, not a plain object or array`;
  } finally {
    ancestors.delete(value);
  }
}

function arrayProblem(items: readonly unknown[], path: string, ancestors: Set<object>): string | undefined {
  for (let i = 0; i < items.length; i++) {
    const problem = problemAt(items[i], `${path}[${i}]`, ancestors);
    if (problem) return problem;
  }
  return undefined;
}

function recordProblem(record: object, path: string, ancestors: Set<object>): string | undefined {
  for (const [key, item] of Object.entries(record)) {
    const keyProblem = stringProblem(key, `${path} key ${JSON.stringify(key)}`);
    if (keyProblem) return keyProblem;
    // An undefined property is how TypeScript spells "absent"; JSON omits it, as intended.
    if (item === undefined) continue;
    const problem = problemAt(item, `${path}.${key}`, ancestors);
    if (problem) return problem;
  }
  return undefined;
}
