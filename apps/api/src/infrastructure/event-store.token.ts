/** Injection token of the process's `EventStore` (chosen by `EVENT_STORE`). */
export const EVENT_STORE = Symbol('EventStore');
