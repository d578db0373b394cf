/**
 * Opt-in (BENCH_SQL_TRACE=1) count of the SQL statements the API process sends, by statement,
 * so a bench run can say what one request costs in round trips. Wall times include waiting for
 * the connection (PostgreSQL pool) or PGlite's single session: they are exact only without
 * concurrency.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import { PglitePreparedStatements } from '../libs/event-store/src/pglite/pglite-prepared-statements.js';

interface Tally {
  count: number;
  ms: number;
}

export interface SqlTrace {
  reset(): void;
  /** One line per statement, most time first, per `requests` requests. */
  report(requests: number): string[];
}

/** A short, stable name for a statement: its verb, first table and the start of its condition. */
function label(text: string): string {
  if (text === TRANSACTION) return text;
  const flat = text.replace(/\s+/g, ' ').trim();
  const object = /\b(?:FROM|INTO|UPDATE)\s+("?\w+"?\.)?("?[\w]+"?)/i.exec(flat);
  const where = / WHERE (.{0,48})/i.exec(flat);
  const verb = flat.startsWith('WITH') ? 'WITH' : flat.split(' ')[0]!.toUpperCase();
  return `${verb} ${object?.[2] ?? flat.slice(0, 40)}${where ? ` WHERE ${where[1]}…` : ''}`;
}

function tracer(): SqlTrace & { record(text: string, ms: number): void } {
  const tallies = new Map<string, Tally>();
  return {
    record(text, ms) {
      const key = label(text);
      const tally = tallies.get(key) ?? { count: 0, ms: 0 };
      tally.count += 1;
      tally.ms += ms;
      tallies.set(key, tally);
    },
    reset: () => tallies.clear(),
    report(requests) {
      const per = (value: number) => value / Math.max(1, requests);
      const all = [...tallies.values()].reduce(
        (sum, t) => ({ count: sum.count + t.count, ms: sum.ms + t.ms }),
        {
          count: 0,
          ms: 0,
        },
      );
      return [
        `    ${per(all.count).toFixed(1)} statements/request, ${per(all.ms).toFixed(1)} ms/request wall:`,
        ...[...tallies]
          .toSorted((a, b) => b[1].ms - a[1].ms)
          .map(
            ([key, t]) =>
              `    ${per(t.count).toFixed(2).padStart(6)} × ${per(t.ms).toFixed(2).padStart(6)} ms  ${key}`,
          ),
      ];
    },
  };
}

const TRANSACTION = 'transactions (BEGIN … COMMIT)';
const textOf = (statement: unknown): string =>
  typeof statement === 'string' ? statement : String((statement as { text?: unknown }).text ?? '');

/**
 * Every statement of one PGlite, in and out of transactions: its `query`/`exec` calls and the
 * named statements the adapters run as prepared statements (which bypass both).
 */
export function tracePglite(pglite: PGlite): SqlTrace {
  const trace = tracer();
  const prepared = PglitePreparedStatements.prototype;
  const run = prepared.run;
  prepared.run = async function (this: PglitePreparedStatements, statement, ...rest) {
    const started = performance.now();
    try {
      return await run.call(this, statement, ...rest);
    } finally {
      trace.record(statement.text, performance.now() - started);
    }
  };
  const wrap = (target: PGlite | Transaction) => {
    for (const method of ['query', 'exec'] as const) {
      const original = target[method].bind(target) as (...args: unknown[]) => Promise<unknown>;
      Object.assign(target, {
        [method]: async (statement: unknown, ...rest: unknown[]) => {
          const started = performance.now();
          try {
            return await original(statement, ...rest);
          } finally {
            trace.record(textOf(statement), performance.now() - started);
          }
        },
      });
    }
  };
  wrap(pglite);
  const transaction = pglite.transaction.bind(pglite);
  pglite.transaction = (work) =>
    transaction((tx) => {
      wrap(tx);
      trace.record(TRANSACTION, 0);
      return work(tx);
    });
  return trace;
}

/** Every statement of every `pg` client in this process (pools included). */
export function tracePostgres(): SqlTrace {
  const trace = tracer();
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: unknown, statement: unknown, ...rest: unknown[]) {
    const started = performance.now();
    const done = () => trace.record(textOf(statement), performance.now() - started);
    // pg-pool passes a callback; everything else awaits the promise.
    const last = rest.at(-1);
    if (typeof last === 'function') {
      rest[rest.length - 1] = (...args: unknown[]) => {
        done();
        return (last as (...a: unknown[]) => unknown)(...args);
      };
    }
    const result = original.call(this, statement, ...rest);
    if (result instanceof Promise) void result.then(done, done);
    return result;
  };
  return trace;
}
