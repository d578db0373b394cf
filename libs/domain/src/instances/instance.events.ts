import type { DomainEvent } from '../shared/decider.js';

/** Stream `instance-{name}`. */
export type InstanceCreated = DomainEvent<
  'InstanceCreated',
  { readonly instanceId: number; readonly name: string; readonly description: string }
>;
/** The instance's data answers 404 from now on; the name is never reused. */
export type InstanceDeleted = DomainEvent<'InstanceDeleted', { readonly instanceId: number }>;

export type InstanceEvent = InstanceCreated | InstanceDeleted;
