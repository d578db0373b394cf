export * from './position.js';
export * from './event.js';
export * from './errors.js';
export * from './event-store.port.js';
