import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { groupDecider, groupStream } from '#domain';
import { DecisionRunner } from '../../commands/decision-runner.js';
import { IdAllocator } from '../../commands/id-allocator.js';
import { Reservations, type Claim } from '../../commands/reservations.js';
import { CreateGroupCommand } from './create-group.command.js';

/**
 * Allocates the id, claims the `name` (if any) and appends `GroupCreated`; a failed append
 * releases the claim. Uniqueness rests on the claim, never on the read model.
 */
@CommandHandler(CreateGroupCommand)
export class CreateGroupHandler implements ICommandHandler<CreateGroupCommand> {
  constructor(
    private readonly runner: DecisionRunner,
    private readonly ids: IdAllocator,
    private readonly reservations: Reservations,
  ) {}

  async execute({ instance, fields, context }: CreateGroupCommand) {
    const name = fields.name ?? null;
    const claims: Claim[] = name === null ? [] : [{ kind: 'groupname', value: name }];
    // A taken name answers 409 without spending an id; a race past this check still ends in 409.
    for (const claim of claims) await this.reservations.assertAvailable(instance, claim);
    const groupId = await this.ids.next('group', instance, context);
    const { position } = await this.reservations.claimDuring(instance, groupId, claims, context, () =>
      this.runner.decide(
        groupStream(instance, groupId),
        groupDecider,
        { type: 'CreateGroup', data: { groupId, fields } },
        context,
      ),
    );
    return { position, groupId };
  }
}
