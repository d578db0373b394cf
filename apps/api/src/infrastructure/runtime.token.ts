/** Injection token of the process's `Runtime`. */
export const RUNTIME = Symbol('Runtime');
