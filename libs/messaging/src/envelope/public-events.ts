import type {
  GroupCreated,
  GroupDeleted,
  GroupFields,
  GroupUpdated,
  InstanceCreated,
  InstanceDeleted,
  MembershipAdded,
  MembershipRemoved,
  UserCreated,
  UserDeleted,
  UserFields,
  UserKeyReset,
  UserLoggedIn,
  UserPasswordChanged,
  UserUpdated,
} from '#domain';

// The public contract (docs/events.md): which event types leave the service and which of their
// fields. A whitelist: a field is published only if it is named here, so a field added to an event
// later stays internal until someone decides otherwise. Secrets (`passwordHash`) are never named.

/** The `data` of each public event type, as published. */
export interface PublicEventData {
  readonly InstanceCreated: InstanceCreated['data'];
  readonly InstanceDeleted: InstanceDeleted['data'];
  readonly UserCreated: Omit<UserCreated['data'], 'passwordHash'>;
  /**
   * The write's one event also says whether it set a password (`passwordHash` present): a service
   * that must know (to end sessions, to notify the user) learns it without the hash.
   */
  readonly UserUpdated: Omit<UserUpdated['data'], 'passwordHash'> & { readonly passwordChanged: boolean };
  readonly UserPasswordChanged: Omit<UserPasswordChanged['data'], 'passwordHash'>;
  readonly UserKeyReset: UserKeyReset['data'];
  readonly UserDeleted: UserDeleted['data'];
  readonly UserLoggedIn: UserLoggedIn['data'];
  readonly GroupCreated: GroupCreated['data'];
  readonly GroupUpdated: GroupUpdated['data'];
  readonly GroupDeleted: GroupDeleted['data'];
  readonly MembershipAdded: MembershipAdded['data'];
  readonly MembershipRemoved: MembershipRemoved['data'];
}

/** Every event type published to Kafka. */
export type PublicEventType = keyof PublicEventData;

/** The kind of stream each public type lives in (`login` streams are about users). */
type StreamKind = 'instance' | 'user' | 'group' | 'login';

interface PublicEventSpec<T extends PublicEventType> {
  readonly stream: StreamKind;
  /** Copies the public fields out of the stored data (of schema version 1). */
  readonly pick: (data: StoredData<T>) => PublicEventData[T];
}

/** The stored shape of a public type's data, secrets included. */
type StoredData<T extends PublicEventType> = {
  readonly InstanceCreated: InstanceCreated['data'];
  readonly InstanceDeleted: InstanceDeleted['data'];
  readonly UserCreated: UserCreated['data'];
  readonly UserUpdated: UserUpdated['data'];
  readonly UserPasswordChanged: UserPasswordChanged['data'];
  readonly UserKeyReset: UserKeyReset['data'];
  readonly UserDeleted: UserDeleted['data'];
  readonly UserLoggedIn: UserLoggedIn['data'];
  readonly GroupCreated: GroupCreated['data'];
  readonly GroupUpdated: GroupUpdated['data'];
  readonly GroupDeleted: GroupDeleted['data'];
  readonly MembershipAdded: MembershipAdded['data'];
  readonly MembershipRemoved: MembershipRemoved['data'];
}[T];

const USER_FIELDS = ['username', 'email', 'fullName', 'status', 'roles', 'profile'] as const;
const GROUP_FIELDS = ['label', 'description', 'name'] as const;

/** The named fields of `source` that are present (a `changes` object holds only what changed). */
function present<F extends object, K extends keyof F>(source: F, keys: readonly K[]): Pick<F, K> {
  const picked: Partial<Pick<F, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked as Pick<F, K>;
}

/** One entry per public type: TypeScript refuses a public type without one. */
export const PUBLIC_EVENTS: { readonly [T in PublicEventType]: PublicEventSpec<T> } = {
  InstanceCreated: {
    stream: 'instance',
    pick: ({ instanceId, name, description }) => ({ instanceId, name, description }),
  },
  InstanceDeleted: { stream: 'instance', pick: ({ instanceId }) => ({ instanceId }) },
  UserCreated: {
    stream: 'user',
    pick: (data) => ({ userId: data.userId, ...present<UserFields, keyof UserFields>(data, USER_FIELDS) }),
  },
  UserUpdated: {
    stream: 'user',
    pick: ({ userId, changes, passwordHash }) => ({
      userId,
      changes: present(changes, USER_FIELDS),
      passwordChanged: passwordHash !== undefined,
    }),
  },
  UserPasswordChanged: { stream: 'user', pick: ({ userId }) => ({ userId }) },
  UserKeyReset: { stream: 'user', pick: ({ userId, keyGeneration }) => ({ userId, keyGeneration }) },
  UserDeleted: { stream: 'user', pick: ({ userId }) => ({ userId }) },
  UserLoggedIn: { stream: 'login', pick: ({ userId }) => ({ userId }) },
  GroupCreated: {
    stream: 'group',
    pick: (data) => ({
      groupId: data.groupId,
      ...present<GroupFields, keyof GroupFields>(data, GROUP_FIELDS),
    }),
  },
  GroupUpdated: {
    stream: 'group',
    pick: ({ groupId, changes }) => ({ groupId, changes: present(changes, GROUP_FIELDS) }),
  },
  GroupDeleted: { stream: 'group', pick: ({ groupId }) => ({ groupId }) },
  MembershipAdded: { stream: 'group', pick: ({ groupId, userId }) => ({ groupId, userId }) },
  MembershipRemoved: {
    stream: 'group',
    pick: ({ groupId, userId, reason }) => ({ groupId, userId, reason }),
  },
};

/** True for the event types published to Kafka. */
export function isPublicEventType(type: string): type is PublicEventType {
  return Object.hasOwn(PUBLIC_EVENTS, type);
}
