import { Injectable } from '@nestjs/common';
import { reservationDecider, reservationStream, type ReservationKind } from '#domain';
import type { CommandContext } from './command-context.js';
import { DecisionRunner } from './decision-runner.js';

/** A unique value an owner (user or group id) claims: a username, an email or a group name. */
export interface Claim {
  readonly kind: ReservationKind;
  readonly value: string;
}

/**
 * Uniqueness through the log: a claim is an append to the value's own stream, so two concurrent
 * claims cannot both win. Claims made for a write that then fails are released again.
 */
@Injectable()
export class Reservations {
  constructor(private readonly runner: DecisionRunner) {}

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
    const { events } = await this.runner.decide(
      reservationStream(kind, instance, value),
      reservationDecider,
      { type, data: { kind, ownerId, value } },
      context,
    );
    return events.length > 0;
  }
}
