import type { DomainCommand } from '../shared/decider.js';

/** `instanceId` is allocated from the `ids-instance` counter by the handler. */
export type CreateInstance = DomainCommand<
  'CreateInstance',
  { readonly instanceId: number; readonly name: string; readonly description?: string }
>;
export type DeleteInstance = DomainCommand<'DeleteInstance', Record<string, never>>;

export type InstanceCommand = CreateInstance | DeleteInstance;
