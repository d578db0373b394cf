/* oxlint-disable jest/expect-expect -- decider specs assert inside deciderSpecification (then, thenThrows) */
import * as fc from 'fast-check';
import { fold } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import type { ReservationKind } from '../shared/stream-names.js';
import { attempt, deciderSpecification, GIVEN_METADATA, recorded } from '../testing/index.js';
import type { HolderFacts, ReservationCommand } from './reservation.commands.js';
import { RECLAIM_GRACE_MS, reservationDecider } from './reservation.decider.js';
import type { ReservationEvent } from './reservation.events.js';

const spec = deciderSpecification(reservationDecider);
const reserve = (ownerId: number, kind: ReservationKind = 'username'): ReservationCommand => ({
  type: 'Reserve',
  data: { kind, ownerId, value: 'Geralt' },
});
const release = (ownerId: number, kind: ReservationKind = 'username'): ReservationCommand => ({
  type: 'Release',
  data: { kind, ownerId, value: 'Geralt' },
});
const reserved: ReservationEvent = { type: 'UsernameReserved', data: { ownerId: 1, value: 'Geralt' } };
/** `reserved` (owner 1) was claimed at `GIVEN_METADATA.occurredAt`; this is that plus `ms`. */
const claimedAtPlus = (ms: number): string =>
  `${new Date(Date.parse(GIVEN_METADATA.occurredAt) + ms).toISOString().slice(0, 23)}000Z`;
const reserveOver = (ownerId: number, holder: HolderFacts, kind: ReservationKind = 'username') => {
  const command = reserve(ownerId, kind);
  return { ...command, data: { ...command.data, holder } } as ReservationCommand;
};
const orphanedFor = (ms: number): HolderFacts => ({ holdsValue: false, now: claimedAtPlus(ms) });
const released: ReservationEvent = { type: 'UsernameReleased', data: { ownerId: 1, value: 'Geralt' } };

describe('reservation decider', () => {
  it('reserves a free value', () => {
    spec.given([]).when(reserve(1)).then([reserved]);
  });

  it.each([
    ['email', 'EmailReserved'],
    ['groupname', 'GroupNameReserved'],
  ] as const)('writes the %s event type', (kind, type) => {
    spec
      .given([])
      .when(reserve(7, kind))
      .then([{ type, data: { ownerId: 7, value: 'Geralt' } }]);
  });

  it('is idempotent for the holder (retries, case-only renames)', () => {
    spec.given([reserved]).when(reserve(1)).thenNothingHappened();
  });

  it.each([
    ['username', 'username', 'user.username.conflict', 'A user with that username already exists.'],
    ['email', 'email', 'user.email.conflict', 'A user with that email already exists.'],
    ['groupname', 'name', 'group.name.conflict', 'Group with this name already exists.'],
  ] as const)('conflicts on a %s held by another owner', (kind, field, code, message) => {
    spec
      .given([{ type: 'UsernameReserved', data: { ownerId: 1, value: 'x' } }])
      .when(reserve(2, kind))
      .thenThrows({ kind: 'conflict', errors: [{ field, code, message }] });
  });

  it('releases the holder’s value', () => {
    spec.given([reserved]).when(release(1)).then([released]);
  });

  it('never releases another owner’s value, and releasing twice is a no-op', () => {
    spec.given([reserved]).when(release(2)).thenNothingHappened();
    spec.given([reserved, released]).when(release(1)).thenNothingHappened();
    spec.given([]).when(release(1)).thenNothingHappened();
  });

  it('lets a released value be reserved again', () => {
    spec
      .given([reserved, released])
      .when(reserve(2))
      .then([{ type: 'UsernameReserved', data: { ownerId: 2, value: 'Geralt' } }]);
  });

  describe('an orphaned claim (its owner never came into being, or no longer has the value)', () => {
    it('is taken over once older than the grace period: the orphan’s release, then the claim', () => {
      spec
        .given([reserved])
        .when(reserveOver(2, orphanedFor(RECLAIM_GRACE_MS + 1)))
        .then([released, { type: 'UsernameReserved', data: { ownerId: 2, value: 'Geralt' } }]);
    });

    it('releases the value as the orphan gave it, in the kind’s own event types', () => {
      spec
        .given([{ type: 'GroupNameReserved', data: { ownerId: 1, value: 'wolves' } }])
        .when(reserveOver(2, orphanedFor(RECLAIM_GRACE_MS + 1), 'groupname'))
        .then([
          { type: 'GroupNameReleased', data: { ownerId: 1, value: 'wolves' } },
          { type: 'GroupNameReserved', data: { ownerId: 2, value: 'Geralt' } },
        ]);
    });

    it('still conflicts within the grace period (its owner’s write may be in flight)', () => {
      for (const age of [0, 1000, RECLAIM_GRACE_MS]) {
        spec
          .given([reserved])
          .when(reserveOver(2, orphanedFor(age)))
          .thenThrows({ kind: 'conflict', errors: [{ field: 'username', code: 'user.username.conflict' }] });
      }
    });

    it('measures the grace from the current holder’s claim, not the stream’s first', () => {
      const old = recorded(reserved);
      const freed = recorded(released);
      const fresh = recorded<ReservationEvent>(
        { type: 'UsernameReserved', data: { ownerId: 3, value: 'Geralt' } },
        { occurredAt: claimedAtPlus(RECLAIM_GRACE_MS) },
      );
      spec
        .given([old, freed, fresh])
        .when(reserveOver(2, orphanedFor(RECLAIM_GRACE_MS + 1)))
        .thenThrows({ kind: 'conflict' });
    });

    it('stays held when the handler passed no facts about the holder, or an unreadable time', () => {
      spec.given([reserved]).when(reserve(2)).thenThrows({ kind: 'conflict' });
      spec
        .given([reserved])
        .when(reserveOver(2, { holdsValue: false, now: 'not a time' }))
        .thenThrows({ kind: 'conflict' });
    });
  });

  it('never takes a value from a real owner, however old its claim', () => {
    spec
      .given([reserved])
      .when(reserveOver(2, { holdsValue: true, now: claimedAtPlus(365 * 24 * 3600 * 1000) }))
      .thenThrows({
        kind: 'conflict',
        errors: [
          {
            field: 'username',
            code: 'user.username.conflict',
            message: 'A user with that username already exists.',
          },
        ],
      });
  });

  it('behaves like a single-holder lock for any sequence of claims and releases', () => {
    const command = fc.record({ reserve: fc.boolean(), ownerId: fc.integer({ min: 1, max: 3 }) });
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        let holder: number | null = null;
        const log: ReservationEvent[] = [];
        for (const { reserve: claim, ownerId } of commands) {
          const state = fold(
            reservationDecider,
            log.map((e) => recorded(e)),
          );
          expect(state).toMatchObject({ revision: log.length, holder });
          const cmd = claim ? reserve(ownerId) : release(ownerId);
          const blocked = claim && holder !== null && holder !== ownerId;
          const outcome = attempt(() => reservationDecider.decide(cmd, state));
          expect(outcome instanceof DomainError).toBe(blocked);
          if (outcome instanceof DomainError) continue;
          log.push(...outcome);
          if (claim) holder = ownerId;
          else if (holder === ownerId) holder = null;
        }
      }),
    );
  });
});
