import {
  dropSchema,
  postgresAvailable,
  TEST_DATABASE_URL,
  uniqueSchema,
} from '#event-store/testing/postgres-test-database.js';
import { postgresAppEnv } from './support/postgres-app-env.js';
import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';

const I = '/v1.1/instances/pgdb';
const available = await postgresAvailable();

/**
 * The API on PostgreSQL, with two processes' worth of apps on one database: `writer` runs no
 * projector and learns of the read models' progress through the checkpoint NOTIFY of `projector`.
 */
(available ? describe : describe.skip)('the API on PostgreSQL', () => {
  const schema = uniqueSchema('e2e');
  const env = postgresAppEnv(schema);
  let projector: TestApp;
  let writer: TestApp;

  beforeAll(async () => {
    projector = await startTestApp(env);
    writer = await startTestApp({ ...env, RUN_PROJECTOR: 'false' });
  });

  afterAll(async () => {
    await writer?.close();
    await projector?.close();
    await dropSchema(schema);
  });

  it('serves writes from a process without a projector, reading its own writes', async () => {
    const account = as(ACCOUNT_KEY);
    const created = await writer.request({
      method: 'POST',
      url: '/v1.1/instances/',
      headers: account,
      payload: { name: 'pgdb' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['x-consistency']).toBeUndefined();
    const user = await writer.request({
      method: 'POST',
      url: `${I}/users/`,
      headers: account,
      payload: { username: 'postgres-user', password: 'secret-pass' },
    });
    expect(user.statusCode).toBe(201);
    const list = await projector.request({ method: 'GET', url: `${I}/users/`, headers: account });
    expect(list.json().objects.map((u: { username: string }) => u.username)).toEqual(['postgres-user']);
    const health = await writer.request({ method: 'GET', url: '/health' });
    expect(health.json().details.projector).toMatchObject({ status: 'up', inProcess: false });
  });

  it('keeps usernames unique across processes', async () => {
    const account = as(ACCOUNT_KEY);
    const attempts = await Promise.all(
      [writer, projector, writer, projector].map((app) =>
        app.request({
          method: 'POST',
          url: `${I}/users/`,
          headers: account,
          payload: { username: 'race', password: 'secret-pass' },
        }),
      ),
    );
    expect(attempts.map((r) => r.statusCode).toSorted()).toEqual([201, 409, 409, 409]);
  });
});

if (!available) {
  it.skip(`the API on PostgreSQL (not reachable at ${TEST_DATABASE_URL})`, () => undefined);
}
