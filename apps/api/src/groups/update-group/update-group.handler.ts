import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  checkRevision,
  groupDecider,
  groupStream,
  notFound,
  reservationPlan,
  uniquenessKey,
  type GroupFieldsInput,
  type GroupState,
  type UpdateGroup,
} from '#domain';
import type { CommandContext } from '../../commands/command-context.js';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { Reservations, type Claim } from '../../commands/reservations.js';
import { UpdateGroupCommand } from './update-group.command.js';

/**
 * A new `name` is claimed before the update; the name the group held when the update was
 * decided is released after it. A failed update gives the new claim up again.
 */
@CommandHandler(UpdateGroupCommand)
export class UpdateGroupHandler implements ICommandHandler<UpdateGroupCommand> {
  constructor(
    private readonly runner: DecisionRunner,
    private readonly reservations: Reservations,
  ) {}

  async execute({ instance, groupId, mode, fields, expected, context }: UpdateGroupCommand) {
    const stream = groupStream(instance, groupId);
    const { state, revision } = await this.runner.load(stream, groupDecider);
    const before = liveName(state);
    // A stale revision answers before a name conflict: the client decided on an old version.
    checkRevision(expected, revision);
    const { reserve } = reservationPlan('groupname', before, nameAfter(before, fields.name, mode));
    await this.reservations.claim(instance, groupId, reserve, context);
    let decidedOn: GroupState = state;
    const decided = await this.runner
      .decide(
        stream,
        groupDecider,
        (current): UpdateGroup => {
          decidedOn = current;
          return { type: 'UpdateGroup', data: { groupId, mode, fields, expected } };
        },
        context,
      )
      .catch(async (error: unknown) => {
        await this.releaseUnused(instance, groupId, reserve, context);
        throw error;
      });
    // From the state the append was decided on: a concurrent rename may have moved the name since the first read.
    const { release } = reservationPlan(
      'groupname',
      decidedOn.group?.name ?? null,
      decided.state.group?.name ?? null,
    );
    await this.reservations.release(instance, groupId, release, context);
    return { position: decided.position };
  }

  /**
   * After a failed update: gives up the claims, except the name the group holds now (a
   * concurrent write of the same group may have taken that very name meanwhile).
   */
  private async releaseUnused(
    instance: string,
    groupId: number,
    claims: readonly Claim[],
    context: CommandContext,
  ): Promise<void> {
    const { state } = await this.runner.load(groupStream(instance, groupId), groupDecider);
    const held = state.group?.deletedAt === null ? state.group.name : null;
    const unused = claims.filter(
      ({ value }) => held === null || uniquenessKey(value) !== uniquenessKey(held),
    );
    await this.reservations.release(instance, groupId, unused, context);
  }
}

/** The group's name, or 404 when the group does not exist or is deleted. */
function liveName(state: GroupState): string | null {
  if (state.group === null || state.group.deletedAt !== null) throw notFound();
  return state.group.name;
}

/** PUT sets absent fields to their defaults: an absent name becomes null. */
function nameAfter(
  before: string | null,
  name: GroupFieldsInput['name'],
  mode: 'patch' | 'replace',
): string | null {
  if (name !== undefined) return name;
  return mode === 'replace' ? null : before;
}
