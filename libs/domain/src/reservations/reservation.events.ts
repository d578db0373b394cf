import type { DomainEvent } from '../shared/decider.js';

/**
 * Streams `username|email|groupname-{instance}:{lowercased}` (see `reservationStream`).
 * `ownerId` is the user id (username, email) or the group id (group name); `value` is as given.
 */
export interface ReservationData {
  readonly ownerId: number;
  readonly value: string;
}

export type UsernameReserved = DomainEvent<'UsernameReserved', ReservationData>;
export type UsernameReleased = DomainEvent<'UsernameReleased', ReservationData>;
export type EmailReserved = DomainEvent<'EmailReserved', ReservationData>;
export type EmailReleased = DomainEvent<'EmailReleased', ReservationData>;
export type GroupNameReserved = DomainEvent<'GroupNameReserved', ReservationData>;
export type GroupNameReleased = DomainEvent<'GroupNameReleased', ReservationData>;

export type ReservationEvent =
  UsernameReserved | UsernameReleased | EmailReserved | EmailReleased | GroupNameReserved | GroupNameReleased;
