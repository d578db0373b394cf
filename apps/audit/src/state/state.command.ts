import { Argument, type Command } from 'commander';
import { formatPosition } from '#event-store';
import { groupView } from '../../../api/src/groups/group.view.js';
import { userView } from '../../../api/src/users/user.view.js';
import { instanceName, moment, resourceId } from '../cli/arguments.js';
import { write } from '../cli/audit-io.js';
import { AuditError } from '../cli/audit-error.js';
import type { AuditContext } from '../cli/audit-storage.js';
import { describeMoment, type Moment } from '../cli/moment.js';
import type { Runner } from '../cli/runner.js';
import { describeResource, RESOURCE_KINDS, type ResourceKind, type ResourceRef } from '../events/resource.js';
import { groupRowOf, userRowOf } from './resource-rows.js';
import { groupStateAt, userStateAt } from './state-at.js';

export interface StateOptions {
  /** Default: now (the head of the log when the command starts). */
  readonly at?: Moment;
}

/**
 * The user or group as the API showed it at the moment, folded with the service's `evolve` and
 * rendered by the API's views. Never a user key: it is a secret, derived, and an audit shows none.
 */
export async function stateAt(context: AuditContext, ref: ResourceRef, options: StateOptions): Promise<void> {
  const store = context.storage.store;
  const at: Moment = options.at ?? { kind: 'position', position: await store.headPosition() };
  const view = ref.kind === 'user' ? await userAt(context, ref, at) : await groupAt(context, ref, at);
  await write(context.io.stdout, `${JSON.stringify(view, null, 2)}\n`);
}

async function userAt(context: AuditContext, ref: ResourceRef, at: Moment) {
  const { state, lastLoginAt, groups } = await userStateAt(context.storage.store, ref.instance, ref.id, at);
  const user = state.user;
  if (user === null) throw notYet(ref, at);
  if (user.deletedAt !== null) throw deleted(ref, user.deletedAt, at);
  return userView(ref.instance, userRowOf(user, state.revision, lastLoginAt), groups, null);
}

async function groupAt(context: AuditContext, ref: ResourceRef, at: Moment) {
  const { group, revision } = await groupStateAt(context.storage.store, ref.instance, ref.id, at);
  if (group === null) throw notYet(ref, at);
  if (group.deletedAt !== null) throw deleted(ref, group.deletedAt, at);
  return groupView(ref.instance, groupRowOf(group, revision));
}

const atText = (at: Moment): string =>
  at.kind === 'position' ? `at position ${formatPosition(at.position)}` : `at ${describeMoment(at)}`;

const notYet = (ref: ResourceRef, at: Moment): AuditError =>
  new AuditError(`No such ${ref.kind} ${atText(at)}: ${describeResource(ref)} did not exist then`);

const deleted = (ref: ResourceRef, deletedAt: string, at: Moment): AuditError =>
  new AuditError(`No such ${ref.kind} ${atText(at)}: ${describeResource(ref)} was deleted at ${deletedAt}`);

export function registerState(program: Command, run: Runner): void {
  program
    .command('state')
    .summary("a user or group as it was at a time or position, in the API's JSON shape")
    .description(
      "The user or group as the API showed it at --at (default: now), rebuilt with the service's own " +
        "evolve from its stream (a user's groups and last login from the group and login streams). " +
        'Events count when they happened at or before the time (to the microsecond), or are at or ' +
        'before the position. The user key is never shown. Exit 1 when it did not exist then.',
    )
    .argument('<instance>', 'instance name', instanceName)
    .addArgument(new Argument('<kind>', 'user or group').choices(RESOURCE_KINDS))
    .argument('<id>', 'the user or group id', resourceId)
    .option(
      '--at <time|position>',
      'RFC 3339 time (2024-05-01T12:00:00.5Z) or position (commit/prepare)',
      moment,
    )
    .action((instance: string, kind: ResourceKind, id: number, options: StateOptions) =>
      run((context) => stateAt(context, { instance, kind, id }, options)),
    );
}
