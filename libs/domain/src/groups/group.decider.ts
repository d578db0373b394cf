import type { Actor, Decider, Recorded } from '../shared/decider.js';
import {
  assertNoFieldErrors,
  DomainError,
  NON_FIELD_ERRORS,
  notFound,
  concurrentUpdate,
} from '../shared/domain-error.js';
import { invalidPkMessage } from '../shared/field-messages.js';
import { changedFields, definedOnly, isEmpty } from '../shared/objects.js';
import { checkRevision } from '../shared/revision.js';
import type {
  AddMembership,
  CreateGroup,
  DeleteGroup,
  GroupCommand,
  RemoveMembership,
  UpdateGroup,
} from './group.commands.js';
import type { GroupEvent, GroupFields } from './group.events.js';
import { validateGroupFields, type GroupFieldsInput } from './group.rules.js';

export interface Group extends GroupFields {
  readonly id: number;
  /** Member user ids, in the order they joined. */
  readonly members: readonly number[];
  readonly createdAt: string;
  readonly createdBy: Actor | null;
  /**
   * Moves with the group's own fields (create, update, delete), not with memberships: those move
   * the revision only, as the API's group JSON (the read model) shows it.
   */
  readonly updatedAt: string;
  readonly updatedBy: Actor | null;
  readonly deletedAt: string | null;
}

/** `revision` = events in the stream (the ETag); `group` is null until created and stays after deletion. */
export interface GroupState {
  readonly revision: number;
  readonly group: Group | null;
}

const initialState = (): GroupState => ({ revision: 0, group: null });

function evolve(state: GroupState, event: Recorded<GroupEvent>): GroupState {
  const revision = state.revision + 1;
  const { occurredAt, actor = null } = event.metadata;
  if (event.type === 'GroupCreated') {
    const { groupId: id, ...fields } = event.data;
    const stamp = { createdAt: occurredAt, createdBy: actor, updatedAt: occurredAt, updatedBy: actor };
    return { revision, group: { id, ...fields, members: [], ...stamp, deletedAt: null } };
  }
  const group = state.group;
  if (group === null) return { ...state, revision };
  const touched: Group = { ...group, updatedAt: occurredAt, updatedBy: actor };
  switch (event.type) {
    case 'GroupUpdated':
      return { revision, group: { ...touched, ...event.data.changes } };
    case 'GroupDeleted':
      return { revision, group: { ...touched, deletedAt: occurredAt } };
    case 'MembershipAdded':
      return { revision, group: { ...group, members: [...group.members, event.data.userId] } };
    case 'MembershipRemoved': {
      const members = group.members.filter((id) => id !== event.data.userId);
      return { revision, group: { ...group, members } };
    }
    default:
      return { ...state, revision };
  }
}

const isLive = (group: Group | null): group is Group => group !== null && group.deletedAt === null;

/** The group, or 404 when it does not exist or is deleted. */
function liveGroup(state: GroupState): Group {
  if (!isLive(state.group)) throw notFound();
  return state.group;
}

const DEFAULT_FIELDS: Omit<GroupFields, 'label'> = { description: '', name: null };
const toFields = ({ label, description, name }: GroupFieldsInput): Partial<GroupFields> =>
  definedOnly({ label, description, name });

function create({ data }: CreateGroup, state: GroupState): GroupEvent[] {
  assertNoFieldErrors(validateGroupFields(data.fields, ['label']));
  // Ids are allocated fresh; an existing stream means the decision was taken on a stale read.
  if (state.revision > 0) throw concurrentUpdate();
  const fields = { ...DEFAULT_FIELDS, ...toFields(data.fields) } as GroupFields;
  return [{ type: 'GroupCreated', data: { groupId: data.groupId, ...fields } }];
}

function update({ data }: UpdateGroup, state: GroupState): GroupEvent[] {
  assertNoFieldErrors(validateGroupFields(data.fields, data.mode === 'replace' ? ['label'] : []));
  const group = liveGroup(state);
  checkRevision(data.expected, state.revision);
  const target =
    data.mode === 'replace' ? { ...DEFAULT_FIELDS, ...toFields(data.fields) } : toFields(data.fields);
  const changes = changedFields<GroupFields>(group, target);
  return isEmpty(changes) ? [] : [{ type: 'GroupUpdated', data: { groupId: group.id, changes } }];
}

function remove({ data }: DeleteGroup, state: GroupState): GroupEvent[] {
  const group = liveGroup(state);
  checkRevision(data.expected, state.revision);
  const groupId = group.id;
  return [
    { type: 'GroupDeleted', data: { groupId } },
    ...group.members.map((userId): GroupEvent => ({
      type: 'MembershipRemoved',
      data: { groupId, userId, reason: 'group_deleted' },
    })),
  ];
}

/** 400 `{"<field>": ["Invalid pk \"<id>\" - object does not exist."]}` for an id named by the body. */
const invalidPk = (field: 'user' | 'group', id: number): DomainError =>
  new DomainError('invalid', [{ field, code: `membership.${field}.invalid`, message: invalidPkMessage(id) }]);

function addMembership({ data }: AddMembership, state: GroupState): GroupEvent[] {
  const { groupId, userId, bodyField } = data;
  // The resource in the path answers 404 first, the one in the body 400.
  if (bodyField === 'group' && !data.user.exists) throw notFound();
  if (!isLive(state.group)) throw bodyField === 'group' ? invalidPk('group', groupId) : notFound();
  if (!data.user.exists) throw invalidPk('user', userId);
  if (state.group.members.includes(userId)) {
    throw new DomainError('invalid', [
      {
        field: NON_FIELD_ERRORS,
        code: 'membership.conflict',
        message: 'Membership with this User and Group already exists.',
      },
    ]);
  }
  return [{ type: 'MembershipAdded', data: { groupId: state.group.id, userId } }];
}

function removeMembership({ data }: RemoveMembership, state: GroupState): GroupEvent[] {
  const { userId, reason } = data;
  const group = state.group;
  if (!isLive(group) || !group.members.includes(userId)) {
    if (reason === 'user_deleted') return [];
    throw notFound();
  }
  return [{ type: 'MembershipRemoved', data: { groupId: group.id, userId, reason } }];
}

function decide(command: GroupCommand, state: GroupState): GroupEvent[] {
  switch (command.type) {
    case 'CreateGroup':
      return create(command, state);
    case 'UpdateGroup':
      return update(command, state);
    case 'DeleteGroup':
      return remove(command, state);
    case 'AddMembership':
      return addMembership(command, state);
    case 'RemoveMembership':
      return removeMembership(command, state);
  }
}

/** Groups and their memberships (one stream): create, update, delete, add and remove members. */
export const groupDecider: Decider<GroupCommand, GroupEvent, GroupState> = { initialState, evolve, decide };
