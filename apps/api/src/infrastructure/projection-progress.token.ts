/** Injection token of the `ProjectionProgress` writes wait on (in-process projector or checkpoint watcher). */
export const PROJECTION_PROGRESS = Symbol('ProjectionProgress');
