import {
  fold,
  groupDecider,
  groupStream,
  loginDecider,
  loginStream,
  parseResourceStream,
  userDecider,
  userStream,
  type GroupEvent,
  type GroupState,
  type LoginEvent,
  type Recorded,
  type UserEvent,
  type UserState,
} from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import type { GroupRow } from '#read-models';
import { isAtOrBefore, type Moment } from '../cli/moment.js';
import { readRange } from '../events/log-range.js';
import { groupRowOf } from './resource-rows.js';

/** A stream's events up to the moment (streams are short: read whole, then cut). */
async function eventsUpTo(store: EventStore, stream: string, at: Moment): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(stream)) if (isAtOrBefore(event, at)) events.push(event);
  return events;
}

const recorded = <E extends { type: string; data: unknown }>(events: RecordedEvent[]) =>
  events as unknown as Recorded<E>[];

export async function groupStateAt(
  store: EventStore,
  instance: string,
  id: number,
  at: Moment,
): Promise<GroupState> {
  const events = await eventsUpTo(store, groupStream(instance, id), at);
  return fold(groupDecider, recorded<GroupEvent>(events));
}

/** The user as of the moment, with its last login and the groups it was in then. */
export interface UserAt {
  readonly state: UserState;
  readonly lastLoginAt: string | null;
  readonly groups: readonly GroupRow[];
}

export async function userStateAt(
  store: EventStore,
  instance: string,
  id: number,
  at: Moment,
): Promise<UserAt> {
  const state = fold(userDecider, recorded<UserEvent>(await eventsUpTo(store, userStream(instance, id), at)));
  if (state.user === null || state.user.deletedAt !== null) return { state, lastLoginAt: null, groups: [] };
  const logins = fold(
    loginDecider,
    recorded<LoginEvent>(await eventsUpTo(store, loginStream(instance, id), at)),
  );
  return { state, lastLoginAt: logins.lastLoginAt, groups: await groupsAt(store, instance, id, at) };
}

/**
 * The groups the user was a member of at the moment: the group streams whose membership events
 * name the user (found by a pass over the log up to the moment), each folded to the moment;
 * ordered by group id, as the API lists them.
 */
async function groupsAt(
  store: EventStore,
  instance: string,
  userId: number,
  at: Moment,
): Promise<GroupRow[]> {
  const candidates = new Set<number>();
  const { events } = await readRange(store, { to: at });
  for await (const event of events) {
    if (event.type !== 'MembershipAdded') continue;
    const resource = parseResourceStream(event.stream);
    if (resource?.kind !== 'group' || resource.instance !== instance) continue;
    if ((event.data as { userId?: unknown }).userId === userId) candidates.add(resource.id);
  }
  const rows: GroupRow[] = [];
  for (const groupId of [...candidates].toSorted((a, b) => a - b)) {
    const { group, revision } = await groupStateAt(store, instance, groupId, at);
    if (group !== null && group.deletedAt === null && group.members.includes(userId)) {
      rows.push(groupRowOf(group, revision));
    }
  }
  return rows;
}
