import type { Actor, Decider, Recorded } from '../shared/decider.js';
import { assertNoFieldErrors, notFound, concurrentUpdate } from '../shared/domain-error.js';
import type { JsonObject } from '../shared/json.js';
import { changedFields, definedOnly, isEmpty } from '../shared/objects.js';
import { checkRevision } from '../shared/revision.js';
import { assertPasswordHash } from '../shared/secrets.js';
import type { CreateUser, UpdateUser, UserCommand, UserFieldsCommandInput } from './user.commands.js';
import type { UserEvent, UserFields } from './user.events.js';
import { DEFAULT_USER_STATUS, normalizeRoles, validateUserFields, type UserStatus } from './user.rules.js';

/** Everything the API's user JSON needs from the user's own stream (not `last_login_at`, not groups). */
export interface User extends UserFields {
  readonly id: number;
  readonly keyGeneration: number;
  /** argon2id; internal. */
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly createdBy: Actor | null;
  readonly updatedAt: string;
  readonly updatedBy: Actor | null;
  readonly deletedAt: string | null;
}

/** `revision` = events in the stream (the ETag); `user` is null until created and stays after deletion. */
export interface UserState {
  readonly revision: number;
  readonly user: User | null;
}

const initialState = (): UserState => ({ revision: 0, user: null });

function evolve(state: UserState, event: Recorded<UserEvent>): UserState {
  const revision = state.revision + 1;
  const { occurredAt, actor = null } = event.metadata;
  if (event.type === 'UserCreated') {
    const { userId: id, passwordHash, ...fields } = event.data;
    const stamp = { createdAt: occurredAt, createdBy: actor, updatedAt: occurredAt, updatedBy: actor };
    return { revision, user: { id, ...fields, passwordHash, keyGeneration: 0, ...stamp, deletedAt: null } };
  }
  const user = state.user;
  if (user === null) return { ...state, revision };
  const touched: User = { ...user, updatedAt: occurredAt, updatedBy: actor };
  switch (event.type) {
    case 'UserUpdated': {
      const { changes, passwordHash = user.passwordHash } = event.data;
      return { revision, user: { ...touched, ...changes, passwordHash } };
    }
    case 'UserPasswordChanged':
      return { revision, user: { ...touched, passwordHash: event.data.passwordHash } };
    case 'UserKeyReset':
      return { revision, user: { ...touched, keyGeneration: event.data.keyGeneration } };
    case 'UserDeleted':
      return { revision, user: { ...touched, deletedAt: occurredAt } };
    default:
      return { ...state, revision };
  }
}

/** The user, or 404 when it does not exist or is deleted. */
function liveUser(state: UserState): User {
  if (state.user === null || state.user.deletedAt !== null) throw notFound();
  return state.user;
}

/** Validated input as stored values; absent fields stay absent. */
const toFields = ({
  username,
  email,
  fullName,
  status,
  roles,
  profile,
}: UserFieldsCommandInput): Partial<UserFields> =>
  definedOnly({
    username,
    email,
    fullName,
    status: status as UserStatus | undefined,
    roles: roles && normalizeRoles(roles),
    profile: profile as JsonObject | undefined,
  });

const DEFAULT_FIELDS: Omit<UserFields, 'username'> = {
  email: null,
  fullName: null,
  status: DEFAULT_USER_STATUS,
  roles: [],
  profile: {},
};

function create({ data }: CreateUser, state: UserState): UserEvent[] {
  assertNoFieldErrors(validateUserFields(data.fields, data.allowedRoles, ['username']));
  // Ids are allocated fresh; an existing stream means the decision was taken on a stale read.
  if (state.revision > 0) throw concurrentUpdate();
  assertPasswordHash(data.passwordHash);
  const fields = { ...DEFAULT_FIELDS, ...toFields(data.fields) } as UserFields;
  return [{ type: 'UserCreated', data: { userId: data.userId, ...fields, passwordHash: data.passwordHash } }];
}

function update({ data }: UpdateUser, state: UserState): UserEvent[] {
  const required = data.mode === 'replace' ? (['username'] as const) : [];
  assertNoFieldErrors(validateUserFields(data.fields, data.allowedRoles, required));
  const user = liveUser(state);
  checkRevision(data.expected, state.revision);
  const target =
    data.mode === 'replace' ? { ...DEFAULT_FIELDS, ...toFields(data.fields) } : toFields(data.fields);
  const changes = changedFields<UserFields>(user, target);
  const { passwordHash } = data;
  if (passwordHash !== undefined) assertPasswordHash(passwordHash);
  if (!isEmpty(changes)) {
    const updated =
      passwordHash === undefined ? { userId: user.id, changes } : { userId: user.id, changes, passwordHash };
    return [{ type: 'UserUpdated', data: updated }];
  }
  return passwordHash === undefined
    ? []
    : [{ type: 'UserPasswordChanged', data: { userId: user.id, passwordHash } }];
}

function decide(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'CreateUser':
      return create(command, state);
    case 'UpdateUser':
      return update(command, state);
    case 'ResetUserKey': {
      const user = liveUser(state);
      checkRevision(command.data.expected, state.revision);
      return [
        {
          type: 'UserKeyReset',
          data: { userId: user.id, keyGeneration: user.keyGeneration + 1 },
        },
      ];
    }
    case 'DeleteUser': {
      const user = liveUser(state);
      checkRevision(command.data.expected, state.revision);
      return [{ type: 'UserDeleted', data: { userId: user.id } }];
    }
  }
}

/** Users: create, update (PATCH/PUT, password), reset key, delete. */
export const userDecider: Decider<UserCommand, UserEvent, UserState> = { initialState, evolve, decide };
