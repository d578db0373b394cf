import type { Actor, Decider, Recorded } from '../shared/decider.js';
import { assertNoFieldErrors, DETAIL, DomainError, fieldErrors } from '../shared/domain-error.js';
import type { CreateInstance, InstanceCommand } from './instance.commands.js';
import type { InstanceEvent } from './instance.events.js';
import { validateInstanceName } from './instance.rules.js';

export interface Instance {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly createdAt: string;
  readonly createdBy: Actor | null;
  readonly deletedAt: string | null;
}

/** `revision` = events in the stream; `instance` is null until created and stays after deletion. */
export interface InstanceState {
  readonly revision: number;
  readonly instance: Instance | null;
}

const initialState = (): InstanceState => ({ revision: 0, instance: null });

function evolve(state: InstanceState, event: Recorded<InstanceEvent>): InstanceState {
  const revision = state.revision + 1;
  const { occurredAt, actor = null } = event.metadata;
  switch (event.type) {
    case 'InstanceCreated': {
      const { instanceId: id, name, description } = event.data;
      return {
        revision,
        instance: { id, name, description, createdAt: occurredAt, createdBy: actor, deletedAt: null },
      };
    }
    case 'InstanceDeleted':
      return { revision, instance: state.instance && { ...state.instance, deletedAt: occurredAt } };
    default:
      return { ...state, revision };
  }
}

/** 404 `{"detail": "Instance was not found."}`. */
export const instanceNotFound = (): DomainError =>
  new DomainError('not_found', [
    { field: DETAIL, code: 'instance.not_found', message: 'Instance was not found.' },
  ]);

function create({ data }: CreateInstance, state: InstanceState): InstanceEvent[] {
  assertNoFieldErrors(fieldErrors('name', 'instance.name.invalid', validateInstanceName(data.name)));
  // A deleted instance's stream still exists: its name is never reused.
  if (state.revision > 0) {
    throw new DomainError('conflict', [
      { field: 'name', code: 'instance.name.conflict', message: 'Instance with this name already exists.' },
    ]);
  }
  const { instanceId, name, description = '' } = data;
  return [{ type: 'InstanceCreated', data: { instanceId, name, description } }];
}

function decide(command: InstanceCommand, state: InstanceState): InstanceEvent[] {
  if (command.type === 'CreateInstance') return create(command, state);
  const instance = state.instance;
  if (instance === null || instance.deletedAt !== null) throw instanceNotFound();
  return [{ type: 'InstanceDeleted', data: { instanceId: instance.id } }];
}

/** Instances: create (names are unique forever) and delete. */
export const instanceDecider: Decider<InstanceCommand, InstanceEvent, InstanceState> = {
  initialState,
  evolve,
  decide,
};
