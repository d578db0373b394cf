import { randomUUID } from 'node:crypto';
import {
  ACCOUNT_STREAM,
  apiKeysStream,
  groupStream,
  instanceStream,
  loginStream,
  userStream,
  type ApiKeyFlags,
  type GroupFields,
  type UserFields,
} from '#domain';
import { comparePositions, START, type Actor, type EventStore, type Position } from '#event-store';

export const ADMIN: Actor = { kind: 'account', id: '1' };

/**
 * Appends the domain's events with the shapes the deciders emit, each a tick later than the last
 * (`occurredAt` with microseconds), so tests state facts instead of building envelopes.
 */
export class EventFixture {
  #tick = 0;
  #appended = 0;
  #lastPosition: Position = START;

  constructor(readonly store: EventStore) {}

  /** How many events this fixture appended. */
  get appended(): number {
    return this.#appended;
  }

  /** The position of the last event appended (`START` before any). */
  get lastPosition(): Position {
    return this.#lastPosition;
  }

  /** The `occurredAt` the next event gets. */
  nextTime(): string {
    return timeAt(this.#tick + 1);
  }

  async append(stream: string, type: string, data: unknown, actor: Actor = ADMIN): Promise<Position> {
    this.#tick += 1;
    const metadata = {
      actor,
      requestId: null,
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: timeAt(this.#tick),
      schemaVersion: 1,
    };
    const result = await this.store.append(stream, [{ id: randomUUID(), type, data, metadata }], 'any');
    this.#appended += 1;
    if (comparePositions(result.position, this.#lastPosition) > 0) this.#lastPosition = result.position;
    return result.position;
  }

  createInstance(name: string, instanceId: number, description = ''): Promise<Position> {
    return this.append(instanceStream(name), 'InstanceCreated', { instanceId, name, description });
  }

  deleteInstance(name: string, instanceId: number): Promise<Position> {
    return this.append(instanceStream(name), 'InstanceDeleted', { instanceId });
  }

  issueAccountKey(accountKeyId: number, keyDigest: string): Promise<Position> {
    return this.append(ACCOUNT_STREAM, 'AccountKeyIssued', { accountKeyId, keyDigest });
  }

  revokeAccountKey(accountKeyId: number): Promise<Position> {
    return this.append(ACCOUNT_STREAM, 'AccountKeyRevoked', { accountKeyId });
  }

  issueApiKey(
    instance: string,
    apiKeyId: number,
    keyDigest: string,
    flags: Partial<ApiKeyFlags> = {},
  ): Promise<Position> {
    const data = { apiKeyId, keyDigest, description: '', allowUserCreate: false, ignoreAcl: false, ...flags };
    return this.append(apiKeysStream(instance), 'ApiKeyIssued', data);
  }

  updateApiKey(instance: string, apiKeyId: number, changes: Partial<ApiKeyFlags>): Promise<Position> {
    return this.append(apiKeysStream(instance), 'ApiKeyUpdated', { apiKeyId, changes });
  }

  revokeApiKey(instance: string, apiKeyId: number): Promise<Position> {
    return this.append(apiKeysStream(instance), 'ApiKeyRevoked', { apiKeyId });
  }

  createUser(instance: string, userId: number, fields: Partial<UserFields> = {}): Promise<Position> {
    const data = {
      userId,
      username: `user${userId}`,
      email: null,
      fullName: null,
      status: 'unverified',
      roles: [],
      profile: {},
      ...fields,
      passwordHash: '$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA',
    };
    return this.append(userStream(instance, userId), 'UserCreated', data);
  }

  updateUser(instance: string, userId: number, changes: Partial<UserFields>): Promise<Position> {
    return this.append(userStream(instance, userId), 'UserUpdated', { userId, changes });
  }

  changePassword(instance: string, userId: number): Promise<Position> {
    return this.append(userStream(instance, userId), 'UserPasswordChanged', {
      userId,
      passwordHash: '$argon2id$x',
    });
  }

  resetUserKey(instance: string, userId: number, keyGeneration: number): Promise<Position> {
    return this.append(userStream(instance, userId), 'UserKeyReset', { userId, keyGeneration });
  }

  deleteUser(instance: string, userId: number): Promise<Position> {
    return this.append(userStream(instance, userId), 'UserDeleted', { userId });
  }

  login(instance: string, userId: number): Promise<Position> {
    return this.append(loginStream(instance, userId), 'UserLoggedIn', { userId });
  }

  createGroup(instance: string, groupId: number, fields: Partial<GroupFields> = {}): Promise<Position> {
    const data = { groupId, label: `group ${groupId}`, description: '', name: null, ...fields };
    return this.append(groupStream(instance, groupId), 'GroupCreated', data);
  }

  updateGroup(instance: string, groupId: number, changes: Partial<GroupFields>): Promise<Position> {
    return this.append(groupStream(instance, groupId), 'GroupUpdated', { groupId, changes });
  }

  /** As the decider does: `GroupDeleted`, then one `MembershipRemoved` per member. */
  async deleteGroup(instance: string, groupId: number, memberIds: readonly number[] = []): Promise<Position> {
    let position = await this.append(groupStream(instance, groupId), 'GroupDeleted', { groupId });
    for (const userId of memberIds)
      position = await this.removeMember(instance, groupId, userId, 'group_deleted');
    return position;
  }

  addMember(instance: string, groupId: number, userId: number): Promise<Position> {
    return this.append(groupStream(instance, groupId), 'MembershipAdded', { groupId, userId });
  }

  removeMember(
    instance: string,
    groupId: number,
    userId: number,
    reason: 'removed' | 'user_deleted' | 'group_deleted' = 'removed',
  ): Promise<Position> {
    return this.append(groupStream(instance, groupId), 'MembershipRemoved', { groupId, userId, reason });
  }

  /** An event the read models ignore (a reservation), to check they still move the checkpoint. */
  reserveUsername(instance: string, value: string, ownerId: number): Promise<Position> {
    return this.append(`username-${instance}:${value.toLowerCase()}`, 'UsernameReserved', { ownerId, value });
  }
}

/** The n-th tick after 2024-01-01T00:00:00Z: n seconds and n microseconds later. */
export function timeAt(n: number): string {
  const iso = new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString(); // …:SS.000Z
  return `${iso.slice(0, 20)}${String(n % 1_000_000).padStart(6, '0')}Z`;
}
