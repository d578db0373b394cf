// Stream ids, in one place. Instance names match `^[a-z][a-z0-9-]{2,63}$`; ids are integers from 1.

/** Case-insensitive uniqueness key (usernames, emails): locale-independent lowercase. */
export const uniquenessKey = (value: string): string => value.toLowerCase();

export const ACCOUNT_STREAM = 'account';
export const instanceStream = (instance: string): string => `instance-${instance}`;
export const userStream = (instance: string, userId: number): string => `user-${instance}-${userId}`;
export const groupStream = (instance: string, groupId: number): string => `group-${instance}-${groupId}`;
export const loginStream = (instance: string, userId: number): string => `login-${instance}-${userId}`;
export const apiKeysStream = (instance: string): string => `apikeys-${instance}`;

/** Per-instance id counters; the global counter for instance ids is `INSTANCE_IDS_STREAM`. */
export type IdKind = 'user' | 'group' | 'apikey';
export const idsStream = (instance: string, kind: IdKind): string => `ids-${instance}-${kind}`;
export const INSTANCE_IDS_STREAM = 'ids-instance';

export type ReservationKind = 'username' | 'email' | 'groupname';
/**
 * `username-{instance}:{lowercased}` (likewise `email-`, `groupname-`). The separator after the
 * instance is `:`, not `-`: instance names and values both may contain `-`, so with `-` the
 * instance "ab-cd" + username "x" and the instance "ab" + username "cd-x" would share a stream.
 */
export const reservationStream = (kind: ReservationKind, instance: string, value: string): string =>
  `${kind}-${instance}:${uniquenessKey(value)}`;

/** What a public stream id names; null for internal or unknown streams. */
export type ResourceStream =
  | { readonly kind: 'instance'; readonly instance: string }
  | { readonly kind: 'user' | 'group' | 'login'; readonly instance: string; readonly id: number };

const RESOURCE_STREAM = /^(user|group|login)-([a-z][a-z0-9-]{2,63})-([1-9][0-9]*)$/;
const INSTANCE_STREAM = /^instance-([a-z][a-z0-9-]{2,63})$/;

/** Parses `instance-{name}`, `user|group|login-{instance}-{id}` (the id is after the last `-`). */
export function parseResourceStream(stream: string): ResourceStream | null {
  const instance = INSTANCE_STREAM.exec(stream);
  if (instance) return { kind: 'instance', instance: instance[1]! };
  const resource = RESOURCE_STREAM.exec(stream);
  if (!resource) return null;
  const kind = resource[1] as 'user' | 'group' | 'login';
  return { kind, instance: resource[2]!, id: Number(resource[3]) };
}
