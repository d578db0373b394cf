import { InvalidArgumentError } from 'commander';
import { INSTANCE_NAME_PATTERN } from '#domain';
import { parseMoment, type Moment } from './moment.js';

// Parsers for commander: a bad value becomes commander's one-line usage error (exit 2).

export function instanceName(value: string): string {
  if (!INSTANCE_NAME_PATTERN.test(value)) {
    throw new InvalidArgumentError('an instance name is 3–64 lowercase letters, digits and hyphens.');
  }
  return value;
}

export function resourceId(value: string): number {
  const id = /^[1-9]\d{0,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) throw new InvalidArgumentError('an id is a positive integer.');
  return id;
}

export function moment(value: string): Moment {
  try {
    return parseMoment(value);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
}

/** `--actor 3` (any kind) or `--actor api_key:3`. */
export interface ActorFilter {
  readonly kind: string | null;
  readonly id: string;
}

const ACTOR = /^(?:(account|api_key|user|system):)?([^:\s]+)$/;

export function actorFilter(value: string): ActorFilter {
  const match = ACTOR.exec(value);
  if (!match)
    throw new InvalidArgumentError('an actor is a key id, or kind:id (account, api_key, user, system).');
  return { kind: match[1] ?? null, id: match[2]! };
}

/** A repeatable, comma-separated list option (`--type A,B --type C`). */
export function list(value: string, previous: readonly string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return [...(previous ?? []), ...items];
}

export function batchSize(value: string): number {
  const size = /^\d{1,7}$/.test(value) ? Number(value) : 0;
  if (size < 1) throw new InvalidArgumentError('a batch size is a whole number of events from 1.');
  return size;
}
