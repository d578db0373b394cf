// libs/domain: pure deciders (commands → events, events → state) and the value rules the HTTP DTOs reuse.
// Test helpers (deciderSpecification) live in ./testing and are not part of the build.
export * from './shared/decider.js';
export * from './shared/domain-error.js';
export * from './shared/field-messages.js';
export * from './shared/json.js';
export * from './shared/objects.js';
export * from './shared/revision.js';
export * from './shared/secrets.js';
export * from './shared/stream-names.js';

export * from './instances/instance.rules.js';
export * from './instances/instance.events.js';
export * from './instances/instance.commands.js';
export * from './instances/instance.decider.js';

export * from './account/account.events.js';
export * from './account/account.commands.js';
export * from './account/account.decider.js';

export * from './api-keys/api-key.events.js';
export * from './api-keys/api-key.commands.js';
export * from './api-keys/api-key.decider.js';

export * from './users/user.rules.js';
export * from './users/user.events.js';
export * from './users/user.commands.js';
export * from './users/user.decider.js';

export * from './groups/group.rules.js';
export * from './groups/group.events.js';
export * from './groups/group.commands.js';
export * from './groups/group.decider.js';

export * from './reservations/reservation.events.js';
export * from './reservations/reservation.commands.js';
export * from './reservations/reservation.decider.js';
export * from './reservations/reservation-changes.js';

export * from './ids/id-allocation.js';
export * from './logins/login.decider.js';
