import { jsonEqual } from './json.js';

/** The object without its undefined-valued keys (absent fields of a PATCH). */
export const definedOnly = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The entries of `target` whose JSON value differs from `current`'s: what a write really changes. */
export function changedFields<T extends object>(current: T, target: Partial<T>): Partial<T> {
  const entries = Object.entries(target) as [keyof T, unknown][];
  return Object.fromEntries(
    entries.filter(([name, value]) => !jsonEqual(current[name], value)),
  ) as Partial<T>;
}

export const isEmpty = (value: object): boolean => Object.keys(value).length === 0;
