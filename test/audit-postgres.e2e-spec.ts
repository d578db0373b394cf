import pg from 'pg';
import {
  dropSchema,
  postgresAvailable,
  TEST_DATABASE_URL,
  uniqueSchema,
} from '#event-store/testing/postgres-test-database.js';
import { audit, jsonLines } from './support/audit-cli.js';
import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';

const I = '/v1.1/instances/pgaudit';
const available = await postgresAvailable();

/** The audit CLI on PostgreSQL runs beside the live API: no lock, read models swapped under it. */
(available ? describe : describe.skip)('audit CLI on PostgreSQL, beside the running API', () => {
  const schema = uniqueSchema('audit');
  /** The CLI's configuration: no ROSTER_SECRET, which only the API needs. */
  const env = { EVENT_STORE: 'postgres', DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema };
  let api: TestApp;
  let userId: number;

  const send = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const response = await api.request({
      method,
      url,
      headers: as(ACCOUNT_KEY),
      ...(payload && { payload }),
    });
    expect(response.statusCode).toBeLessThan(300);
    return response.json() as Record<string, unknown>;
  };

  beforeAll(async () => {
    api = await startTestApp({ ...env, ROSTER_SECRET: 's'.repeat(40) });
    await send('POST', '/v1.1/instances/', { name: 'pgaudit' });
    userId = (await send('POST', `${I}/users/`, { username: 'zoltan', password: 'dwarven-ale' }))[
      'id'
    ] as number;
    const group = (await send('POST', `${I}/groups/`, { label: 'dwarves' }))['id'] as number;
    await send('POST', `${I}/groups/${group}/users/`, { user: userId });
    await send('PATCH', `${I}/users/${userId}/`, { full_name: 'Zoltan Chivay' });
  });

  afterAll(async () => {
    await api?.close();
    await dropSchema(schema);
    await dropSchema(`${schema}_rebuild`);
  });

  it('shows history and state while the API runs', async () => {
    const history = await audit(env, 'history', 'pgaudit', 'user', String(userId), '--json');
    expect(history.code).toBe(0);
    expect(jsonLines<{ type: string }>(history.stdout).map((event) => event.type)).toEqual([
      'UserCreated',
      'UserUpdated',
    ]);
    const state = await audit(env, 'state', 'pgaudit', 'user', String(userId));
    const { user_key: _key, ...shown } = await send('GET', `${I}/users/${userId}/`);
    expect(JSON.parse(state.stdout)).toEqual(shown);
  });

  it('verifies, finds a tampered row, rebuilds under the live API, which keeps serving and projecting', async () => {
    expect((await audit(env, 'verify', '--no-progress')).code).toBe(0);
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`UPDATE "${schema}".users SET status = 'disabled' WHERE id = $1`, [userId]);
    } finally {
      await client.end();
    }
    const tampered = await audit(env, 'verify', '--no-progress');
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('users: 1 row only in the live read models, 1 row only in the rebuild');

    const partial = await audit(env, 'rebuild', '--projection', 'users');
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/^audit: rebuild --projection needs the embedded store/);
    const rebuilt = await audit(env, 'rebuild', '--progress');
    expect(rebuilt.code).toBe(0);
    // A bar on stderr (forced: stderr is not a terminal here) with the rate and the ETA.
    expect(rebuilt.stderr).toMatch(/rebuild \[=+\] 100% \| \d+ events \| \d+ events\/s \| ETA /);
    expect((await send('GET', `${I}/users/${userId}/`))['status']).toBe('unverified');

    await send('PATCH', `${I}/users/${userId}/`, { status: 'active' });
    expect((await send('GET', `${I}/users/${userId}/`))['status']).toBe('active');
    expect((await audit(env, 'verify', '--no-progress')).code).toBe(0);
  });
});
