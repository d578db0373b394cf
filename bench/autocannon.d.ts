/** The part of autocannon 9's programmatic API the API bench uses (the package ships no types). */
declare module 'autocannon' {
  export interface Request {
    readonly method?: string;
    readonly path?: string;
    readonly body?: string;
    readonly headers?: Readonly<Record<string, string>>;
    /** With `workers`: the absolute path of a module whose `require()` value is the function. */
    readonly setupRequest?: string;
    /** Anything else is copied to each connection's own request object (deep clone). */
    readonly [extra: string]: unknown;
  }

  export interface Options {
    readonly url: string;
    readonly connections?: number;
    /** Seconds. */
    readonly duration?: number;
    /** Worker threads that send the requests (off the caller's event loop). */
    readonly workers?: number;
    readonly method?: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly requests?: readonly Request[];
    readonly maxConnectionRequests?: number;
    /** Seconds. */
    readonly timeout?: number;
  }

  export interface Histogram {
    readonly average: number;
    readonly min: number;
    readonly max: number;
    readonly total: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
  }

  export interface Result {
    /** Seconds. */
    readonly duration: number;
    readonly '2xx': number;
    readonly non2xx: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly statusCodeStats: Readonly<Record<string, { readonly count: number }>>;
    /** Milliseconds. */
    readonly latency: Histogram;
    readonly requests: Histogram;
  }

  export default function autocannon(options: Options): PromiseLike<Result>;
}
