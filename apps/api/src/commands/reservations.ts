import { Injectable } from '@nestjs/common';
import {
  groupDecider,
  groupStream,
  isReclaimable,
  reservationConflict,
  reservationDecider,
  reservationStream,
  uniquenessKey,
  userDecider,
  userStream,
  type HolderFacts,
  type ReservationCommand,
  type ReservationKind,
} from '#domain';
import { Clock } from './clock.js';
import type { CommandContext } from './command-context.js';
import { DecisionRunner } from './decision-runner.js';

/** A unique value an owner (user or group id) claims: a username, an email or a group name. */
export interface Claim {
  readonly kind: ReservationKind;
  readonly value: string;
}

/**
 * Uniqueness through the log: a claim is an append to the value's own stream, so two concurrent
 * claims cannot both win. Claims made for a write that then fails are released again. A claim
 * left by a crash (its owner never written, or written without the value) is taken over once it
 * is older than the domain's grace period: a claim that meets another owner's looks that owner up
 * in its own stream and hands the decider what it found.
 */
@Injectable()
export class Reservations {
  constructor(
    private readonly runner: DecisionRunner,
    private readonly clock: Clock,
  ) {}

  /** 409 unless `claim` could be claimed now: a check before spending an id (a race past it still ends in 409). */
  async assertAvailable(instance: string, { kind, value }: Claim): Promise<void> {
    const { state } = await this.runner.load(reservationStream(kind, instance, value), reservationDecider);
    if (state.holder === null) return;
    if (!isReclaimable(state, await this.holderFacts(instance, kind, value, state.holder))) {
      throw reservationConflict(kind);
    }
  }

  /**
   * Claims every value for `ownerId`, or none: on a conflict the ones this call claimed are
   * released. Returns the values this call claimed (not those the owner already held).
   */
  async claim(
    instance: string,
    ownerId: number,
    claims: readonly Claim[],
    context: CommandContext,
  ): Promise<Claim[]> {
    const claimed: Claim[] = [];
    try {
      for (const claim of claims) {
        if (await this.change('Reserve', instance, ownerId, claim, context)) claimed.push(claim);
      }
    } catch (error) {
      await this.release(instance, ownerId, claimed, context);
      throw error;
    }
    return claimed;
  }

  /** Gives values up; a value the owner does not hold is left alone. */
  async release(
    instance: string,
    ownerId: number,
    claims: readonly Claim[],
    context: CommandContext,
  ): Promise<void> {
    for (const claim of claims) await this.change('Release', instance, ownerId, claim, context);
  }

  /**
   * Runs `write` with the values claimed; if it fails, the values this call claimed are released
   * again (a value the owner already held stays held) and the error rethrown.
   */
  async claimDuring<T>(
    instance: string,
    ownerId: number,
    claims: readonly Claim[],
    context: CommandContext,
    write: () => Promise<T>,
  ): Promise<T> {
    const claimed = await this.claim(instance, ownerId, claims, context);
    try {
      return await write();
    } catch (error) {
      await this.release(instance, ownerId, claimed, context);
      throw error;
    }
  }

  /** True when it appended (the value changed hands). */
  private async change(
    type: 'Reserve' | 'Release',
    instance: string,
    ownerId: number,
    { kind, value }: Claim,
    context: CommandContext,
  ): Promise<boolean> {
    const data = { kind, ownerId, value };
    const { events } = await this.runner.decide(
      reservationStream(kind, instance, value),
      reservationDecider,
      async (state): Promise<ReservationCommand> => {
        // Only a claim that meets another owner's needs to know about that owner.
        if (type === 'Release' || state.holder === null || state.holder === ownerId) return { type, data };
        return {
          type,
          data: { ...data, holder: await this.holderFacts(instance, kind, value, state.holder) },
        };
      },
      context,
    );
    return events.length > 0;
  }

  /** Whether the claim's holder really has the value, read from its own stream (not a lagging read model). */
  private async holderFacts(
    instance: string,
    kind: ReservationKind,
    value: string,
    holder: number,
  ): Promise<HolderFacts> {
    const held = await this.heldValue(instance, kind, holder);
    const holdsValue = held !== null && uniquenessKey(held) === uniquenessKey(value);
    return { holdsValue, now: this.clock.now() };
  }

  /** The value of `kind` that the owner has now; null when it has none, is deleted or never existed. */
  private async heldValue(instance: string, kind: ReservationKind, ownerId: number): Promise<string | null> {
    if (kind === 'groupname') {
      const { group } = (await this.runner.load(groupStream(instance, ownerId), groupDecider)).state;
      return group !== null && group.deletedAt === null ? group.name : null;
    }
    const { user } = (await this.runner.load(userStream(instance, ownerId), userDecider)).state;
    if (user === null || user.deletedAt !== null) return null;
    return kind === 'username' ? user.username : user.email;
  }
}
