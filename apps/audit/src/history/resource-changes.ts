import { jsonEqual, type GroupState, type UserState } from '#domain';
import { REDACTED } from '../events/redaction.js';

/** A field set (`from` absent when the resource was created) or a set of members that moved. */
export type Change =
  | { readonly from?: unknown; readonly to: unknown }
  | { readonly added: readonly number[]; readonly removed: readonly number[] };

/** What an event changed, by field, from the states the service's `evolve` folds before and after it. */
export type Changes = Readonly<Record<string, Change>>;

const USER_FIELDS = ['username', 'email', 'fullName', 'status', 'roles', 'profile', 'keyGeneration'] as const;
const GROUP_FIELDS = ['label', 'description', 'name'] as const;

export function userChanges(before: UserState, after: UserState): Changes {
  const [was, is] = [before.user, after.user];
  if (is === null) return {};
  const changes = fieldChanges(was, is, USER_FIELDS);
  if (was?.passwordHash !== is.passwordHash) {
    changes['password'] = was ? { from: REDACTED, to: REDACTED } : { to: REDACTED };
  }
  Object.assign(changes, deletion(was?.deletedAt ?? null, is.deletedAt));
  return changes;
}

export function groupChanges(before: GroupState, after: GroupState): Changes {
  const [was, is] = [before.group, after.group];
  if (is === null) return {};
  const changes = fieldChanges(was, is, GROUP_FIELDS);
  const members = was?.members ?? [];
  const added = is.members.filter((id) => !members.includes(id));
  const removed = members.filter((id) => !is.members.includes(id));
  if (added.length > 0 || removed.length > 0) changes['members'] = { added, removed };
  Object.assign(changes, deletion(was?.deletedAt ?? null, is.deletedAt));
  return changes;
}

function fieldChanges<T extends object>(was: T | null, is: T, fields: readonly (keyof T & string)[]) {
  const changes: Record<string, Change> = {};
  for (const field of fields) {
    if (was === null) changes[field] = { to: is[field] };
    else if (!jsonEqual(was[field], is[field])) changes[field] = { from: was[field], to: is[field] };
  }
  return changes;
}

const deletion = (was: string | null, is: string | null): Record<string, Change> =>
  was === null && is !== null ? { deleted: { from: false, to: true } } : {};

/** `field: from → to` (or `field: to` on creation, `members: +3 -4`), one per line. */
export function describeChanges(changes: Changes): string[] {
  return Object.entries(changes).map(([field, change]) => {
    if ('added' in change) {
      const moves = [...change.added.map((id) => `+${id}`), ...change.removed.map((id) => `-${id}`)];
      return `${field}: ${moves.join(' ')}`;
    }
    const to = show(change.to);
    return 'from' in change ? `${field}: ${show(change.from)} → ${to}` : `${field}: ${to}`;
  });
}

const show = (value: unknown): string => (value === REDACTED ? REDACTED : JSON.stringify(value));
