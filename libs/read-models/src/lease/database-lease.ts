import type pg from 'pg';
import { advisoryLease } from './advisory-lease.js';
import { SOLE_WORKER_LEASE, type WorkerLease } from './worker-lease.js';

/**
 * The lease for `key` in the checkpoint's database: on PostgreSQL, which other processes share,
 * its advisory lock; on PGlite, which only this process opens, the sole lease.
 */
export function databaseLease(
  database: { readonly kind: 'pglite' } | { readonly kind: 'postgres'; readonly pool: pg.Pool },
  key: string,
): WorkerLease {
  return database.kind === 'postgres' ? advisoryLease(database.pool.options, key) : SOLE_WORKER_LEASE;
}
