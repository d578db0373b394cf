// Test helpers for deciders (not part of the built library).
export * from './decider-specification.js';
