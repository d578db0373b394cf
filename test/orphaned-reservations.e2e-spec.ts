import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { RECLAIM_GRACE_MS, reservationStream, type ReservationKind } from '#domain';
import type { EventStore } from '#event-store';
import { Clock } from '../apps/api/src/commands/clock.js';
import { CURRENT_SCHEMA_VERSION } from '../apps/api/src/commands/decision-runner.js';
import { IdAllocator } from '../apps/api/src/commands/id-allocator.js';
import { EVENT_STORE } from '../apps/api/src/infrastructure/event-store.token.js';
import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';

const INSTANCE = 'brokilon';
const I = `/v1.1/instances/${INSTANCE}`;
const RESERVED = {
  username: 'UsernameReserved',
  email: 'EmailReserved',
  groupname: 'GroupNameReserved',
} as const;
const SYSTEM = {
  actor: { kind: 'system', id: 'crashed-request' },
  requestId: null,
  causationId: null,
} as const;

/** RFC 3339 with microseconds, as the clock writes it, `ms` away from now. */
const timeFromNow = (ms: number): string => `${new Date(Date.now() + ms).toISOString().slice(0, 23)}000Z`;
const LONG_AGO = timeFromNow(-(RECLAIM_GRACE_MS + 60_000));

describe('reservations left behind by a crash', () => {
  let api: TestApp;
  let store: EventStore;
  const account = as(ACCOUNT_KEY);
  const post = (url: string, payload: unknown) =>
    api.request({ method: 'POST', url, headers: account, payload: payload as object });
  const createUser = (fields: object) => post(`${I}/users/`, { password: 'secret-pass', ...fields });

  /**
   * What a request that died between its claim and its owner's first write leaves: an allocated
   * id and the value reserved for it at `occurredAt`, appended as the request appended it.
   */
  async function claimThenCrash(kind: ReservationKind, value: string, occurredAt: string, ownerId?: number) {
    const context = { ...SYSTEM, correlationId: randomUUID() };
    const owner =
      ownerId ??
      (await api.app.get(IdAllocator).next(kind === 'groupname' ? 'group' : 'user', INSTANCE, context));
    await store.append(
      reservationStream(kind, INSTANCE, value),
      [
        {
          id: randomUUID(),
          type: RESERVED[kind],
          data: { ownerId: owner, value },
          metadata: { ...context, occurredAt, schemaVersion: CURRENT_SCHEMA_VERSION },
        },
      ],
      'no_stream',
    );
    return owner;
  }

  async function reservationLog(kind: ReservationKind, value: string) {
    const events = [];
    for await (const event of store.readStream(reservationStream(kind, INSTANCE, value))) {
      events.push({ type: event.type, data: event.data });
    }
    return events;
  }

  beforeAll(async () => {
    api = await startTestApp();
    store = api.app.get<symbol, EventStore>(EVENT_STORE);
    await post('/v1.1/instances/', { name: INSTANCE });
  });

  afterAll(() => api.close());

  it('hands a username whose owner never came into being to the next user once the grace period passed', async () => {
    const orphan = await claimThenCrash('username', 'Milva', LONG_AGO);

    const created = await createUser({ username: 'milva' });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: number };
    expect(id).toBeGreaterThan(orphan);
    expect(await reservationLog('username', 'milva')).toEqual([
      { type: 'UsernameReserved', data: { ownerId: orphan, value: 'Milva' } },
      { type: 'UsernameReleased', data: { ownerId: orphan, value: 'Milva' } },
      { type: 'UsernameReserved', data: { ownerId: id, value: 'milva' } },
    ]);
    // The new holder is real: the name logs it in, and nobody else gets it.
    const login = await post(`${I}/user/auth/`, { username: 'MILVA', password: 'secret-pass' });
    expect([login.statusCode, login.json().id]).toEqual([200, id]);
    const again = await createUser({ username: 'Milva' });
    expect([again.statusCode, again.json()]).toEqual([
      409,
      { username: ['A user with that username already exists.'] },
    ]);
  });

  it('hands over an orphaned email and group name the same way', async () => {
    await claimThenCrash('email', 'Eithne@brokilon.example', LONG_AGO);
    const user = await createUser({ username: 'eithne', email: 'eithne@brokilon.example' });
    expect([user.statusCode, user.json().email]).toEqual([201, 'eithne@brokilon.example']);

    await claimThenCrash('groupname', 'dryads', LONG_AGO);
    const group = await post(`${I}/groups/`, { label: 'Dryads', name: 'dryads' });
    expect([group.statusCode, group.json().name]).toEqual([201, 'dryads']);
  });

  it('frees the value of a rename that crashed before its user write', async () => {
    const cahir = await createUser({ username: 'cahir' });
    const { id } = cahir.json() as { id: number };
    // The rename to "cahir-aep" claimed the name for user `id`, then died: the user is still "cahir".
    await claimThenCrash('username', 'cahir-aep', LONG_AGO, id);
    const halfRenamed = await post(`${I}/user/auth/`, { username: 'cahir-aep', password: 'secret-pass' });
    expect([halfRenamed.statusCode, halfRenamed.json()]).toEqual([
      401,
      { detail: 'Invalid username or password.' },
    ]);
    const other = await createUser({ username: 'Cahir-Aep' });
    expect(other.statusCode).toBe(201);
    expect((await createUser({ username: 'cahir' })).statusCode).toBe(409);
  });

  it('keeps a fresh orphan: its owner’s write may still be in flight', async () => {
    await claimThenCrash('username', 'Braenn', timeFromNow(0));
    await claimThenCrash('groupname', 'sylvan', timeFromNow(-(RECLAIM_GRACE_MS - 60_000)));

    const user = await createUser({ username: 'braenn' });
    expect([user.statusCode, user.json()]).toEqual([
      409,
      { username: ['A user with that username already exists.'] },
    ]);
    expect(user.headers['x-error-codes']).toBe('user.username.conflict');
    const group = await post(`${I}/groups/`, { label: 'Sylvan', name: 'sylvan' });
    expect([group.statusCode, group.json()]).toEqual([
      409,
      { name: ['Group with this name already exists.'] },
    ]);
    expect(group.headers['x-error-codes']).toBe('group.name.conflict');
    expect(await reservationLog('username', 'braenn')).toHaveLength(1);
    expect(await reservationLog('groupname', 'sylvan')).toHaveLength(1);
  });

  it('never takes a value from a real owner, however old its claim', async () => {
    expect((await createUser({ username: 'regis', email: 'regis@brokilon.example' })).statusCode).toBe(201);
    expect((await post(`${I}/groups/`, { label: 'Vampires', name: 'vampires' })).statusCode).toBe(201);
    // An hour later, every claim above is past the grace period.
    const clock = api.app.get(Clock);
    const later = jest
      .spyOn(clock, 'now')
      .mockImplementation(() => timeFromNow(RECLAIM_GRACE_MS + 3_600_000));
    try {
      const username = await createUser({ username: 'Regis' });
      expect([username.statusCode, username.json()]).toEqual([
        409,
        { username: ['A user with that username already exists.'] },
      ]);
      const email = await createUser({ username: 'emiel', email: 'REGIS@brokilon.example' });
      expect([email.statusCode, email.json()]).toEqual([
        409,
        { email: ['A user with that email already exists.'] },
      ]);
      const group = await post(`${I}/groups/`, { label: 'Others', name: 'vampires' });
      expect([group.statusCode, group.json()]).toEqual([
        409,
        { name: ['Group with this name already exists.'] },
      ]);
    } finally {
      later.mockRestore();
    }
    expect(await reservationLog('username', 'regis')).toHaveLength(1);
    expect(await reservationLog('email', 'regis@brokilon.example')).toHaveLength(1);
    expect(await reservationLog('groupname', 'vampires')).toHaveLength(1);
  });
});
