import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { TestApp } from './test-app.js';

/*
 * The `syncano` npm client 1.0.30 (a CommonJS, untyped package), typed only as far as
 * test/syncano-client.e2e-spec.ts uses it. Its source is node_modules/syncano/src/.
 *
 * Two traps of the client that the helpers below handle:
 * - A QuerySet (what `list`, `get`, `update`, `delete`, `resetKey` return) is a thenable whose
 *   `then(callback)` ignores a second argument (src/querySet.js, QuerySetRequest#then), so
 *   `await querySet` never settles when the request fails. `settle()` chains it into a promise.
 * - `ResultSet#next()` on the last page throws a TypeError instead of rejecting with a
 *   PaginationError (src/querySet.js imports `PaginationError` as a default export that
 *   src/errors.js does not have): follow pages with `hasNext()`.
 */

/** A QuerySet: `then` takes one callback only (see above); use `settle()`. */
export interface QuerySet<T> {
  then<R>(callback: (value: T) => R): PromiseLike<Awaited<R>>;
  pageSize(size: number): QuerySet<T>;
}

/** A page of the client: an array with the cursor helpers. */
export interface ResultSet<T> extends Array<T> {
  hasNext(): boolean;
  hasPrev(): boolean;
  next(): PromiseLike<ResultSet<T>>;
  prev(): PromiseLike<ResultSet<T>>;
}

/** The client's AllObjects emitter (`please().all()`). */
export interface AllObjects<T> {
  on(event: 'page', listener: (page: ResultSet<T>) => void): void;
  on(event: 'stop', listener: (all: T[]) => void): void;
  on(event: 'error', listener: (error: unknown) => void): void;
}

interface Model {
  readonly id: number;
  readonly instanceName: string;
  readonly links: Record<string, string>;
  readonly created_at?: Date;
  readonly updated_at?: Date;
  save(): PromiseLike<this>;
  delete(): PromiseLike<unknown>;
  [field: string]: unknown;
}

export interface UserModel extends Model {
  username: string;
  readonly user_key: string;
  readonly revision: number;
  full_name: string | null;
  email: string | null;
  profile: Record<string, unknown>;
  resetKey(): PromiseLike<UserModel>;
  getGroups(): PromiseLike<ResultSet<GroupModel>>;
}

export interface GroupModel extends Model {
  label: string;
  description: string;
  readonly name: string | null;
  users(): PromiseLike<ResultSet<UserModel>>;
  addUser(user: { user: number }): PromiseLike<UserModel>;
}

type Lookup = Record<string, unknown>;

interface BaseQuerySet<T> {
  create(attrs: Lookup): PromiseLike<T>;
  list(lookup?: Lookup, query?: Lookup): QuerySet<ResultSet<T>>;
  all(lookup?: Lookup, query?: Lookup): AllObjects<T>;
  get(lookup: Lookup): QuerySet<T>;
  delete(lookup: Lookup): QuerySet<unknown>;
  pageSize(size: number): this;
}

export interface UserQuerySet extends BaseQuerySet<UserModel> {
  update(lookup: Lookup, fields: Lookup): QuerySet<UserModel>;
  resetKey(lookup: Lookup): QuerySet<UserModel>;
  login(lookup: Lookup, credentials: { username: string; password: string }): PromiseLike<UserModel>;
  getGroups(lookup: { user: number }): PromiseLike<ResultSet<GroupModel>>;
  addGroup(lookup: { user: number }, group: { group: number }): PromiseLike<GroupModel>;
}

export interface GroupQuerySet extends BaseQuerySet<GroupModel> {
  update(lookup: Lookup, fields: Lookup): QuerySet<GroupModel>;
  users(lookup: { id: number }): PromiseLike<ResultSet<UserModel>>;
  addUser(lookup: { id: number }, user: { user: number }): PromiseLike<UserModel>;
  deleteUser(lookup: { id: number }, user: { user: number }): QuerySet<unknown>;
}

export interface InstanceModel extends Model {
  readonly name: string;
}

export interface ApiKeyModel extends Model {
  readonly api_key: string;
}

export interface Connection {
  User: { please(lookup?: Lookup): UserQuerySet };
  Group: { please(lookup?: Lookup): GroupQuerySet };
  Instance: { please(lookup?: Lookup): BaseQuerySet<InstanceModel> };
  ApiKey: { please(lookup?: Lookup): BaseQuerySet<ApiKeyModel> };
  getUserKey(): string | null;
  setUserKey(key: string | null): Connection;
}

export interface ConnectionOptions {
  baseUrl: string;
  accountKey?: string;
  apiKey?: string;
  userKey?: string;
  defaults?: { instanceName?: string };
}

/** What the client rejects with on a non-2xx answer (src/errors.js RequestError). */
export interface RequestError extends Error {
  readonly name: 'RequestError';
  readonly status: number;
  /** The response body as parsed JSON. */
  readonly errors: Record<string, unknown>;
  readonly response: { readonly headers: Record<string, string> };
}

const Syncano = createRequire(import.meta.url)('syncano') as (options: ConnectionOptions) => Connection;

/** A new connection (the client keeps keys and the instance name on it). */
export const connect = (options: ConnectionOptions): Connection =>
  // `defaults` is a shared ref in the client's stamp: pass a fresh object every time.
  Syncano({ ...options, defaults: { ...options.defaults } });

/** Runs a QuerySet (or any thenable) as a promise that also rejects (see the file comment). */
export const settle = <T>(querySet: QuerySet<T> | PromiseLike<T>): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const chained = (querySet as QuerySet<T>).then((value: T) => value) as PromiseLike<T>;
    chained.then(resolve, reject);
  });

/** The rejection of `work`, which must fail with the client's RequestError. */
export async function requestError(work: QuerySet<unknown> | PromiseLike<unknown>): Promise<RequestError> {
  try {
    await settle(work);
  } catch (error) {
    if ((error as { name?: unknown }).name === 'RequestError') return error as RequestError;
    throw error;
  }
  throw new Error('the request succeeded');
}

/** Makes the test app listen on an ephemeral loopback port; returns its base URL. */
export async function listen(api: TestApp): Promise<string> {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const { address, port } = api.app.getHttpServer().address() as AddressInfo;
  return `http://${address}:${port}`;
}

/** Collects every page of a ResultSet by following `next` through the client. */
export async function allPages<T>(first: ResultSet<T>): Promise<T[][]> {
  const pages: T[][] = [[...first]];
  let page = first;
  while (page.hasNext()) {
    page = await settle(page.next());
    pages.push([...page]);
  }
  return pages;
}
