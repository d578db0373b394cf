import pg from 'pg';
import {
  dropSchema,
  postgresAvailable,
  TEST_DATABASE_URL,
  uniqueSchema,
} from '#event-store/testing/postgres-test-database.js';
import { killApps, spawnApp } from './support/app-process.js';
import { audit, jsonLines } from './support/audit-cli.js';
import { sendAsAccount, startTestApp, type TestApp } from './support/test-app.js';

const I = '/v1.1/instances/pgaudit';
const available = await postgresAvailable();

/** The audit CLI on PostgreSQL runs beside the live API: no lock, read models swapped under it. */
(available ? describe : describe.skip)('audit CLI on PostgreSQL, beside the running API', () => {
  const schema = uniqueSchema('audit');
  /** The CLI's configuration: no ROSTER_SECRET, which only the API needs. */
  const env = { EVENT_STORE: 'postgres', DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema };
  let api: TestApp;
  let userId: number;

  /** One statement on a connection of its own. */
  const sqlOnce = async (text: string, params: unknown[] = []): Promise<unknown[]> => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  };

  const send = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    (await sendAsAccount(api, method, url, payload)) as Record<string, unknown>;

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
    killApps();
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

    const rebuilt = await audit(env, 'rebuild', '--progress');
    expect(rebuilt.code).toBe(0);
    // A bar on stderr (forced: stderr is not a terminal here) with the rate and the ETA.
    expect(rebuilt.stderr).toMatch(/rebuild \[=+\] 100% \| \d+ events \| \d+ events\/s \| ETA /);
    expect((await send('GET', `${I}/users/${userId}/`))['status']).toBe('unverified');

    await send('PATCH', `${I}/users/${userId}/`, { status: 'active' });
    expect((await send('GET', `${I}/users/${userId}/`))['status']).toBe('active');
    expect((await audit(env, 'verify', '--no-progress')).code).toBe(0);
  });
  it('rebuilds the users alone beside live writes, up to the live checkpoint, which stays', async () => {
    await sqlOnce(`UPDATE "${schema}".users SET full_name = 'tampered' WHERE id = $1`, [userId]);
    const rebuilt = new AbortController();
    const writes = (async () => {
      for (let n = 0; !rebuilt.signal.aborted || n < 10; n++) {
        await send('PATCH', `${I}/users/${userId}/`, { full_name: `Zoltan ${n}` });
      }
    })();
    const partial = await audit(env, 'rebuild', '--projection', 'users', '--batch-size', '2');
    rebuilt.abort();
    await writes;
    expect([partial.code, partial.stderr]).toEqual([0, '']);
    expect(partial.stdout).toMatch(/^rebuilt users from \d+ events in .* swapped in at position \d+\/\d+\n$/);
    expect((await send('GET', `${I}/users/${userId}/`))['full_name']).toMatch(/^Zoltan \d+$/);
    expect((await audit(env, 'verify', '--no-progress')).stdout).toMatch(/^read models match the log/);
  });

  it('a rebuild stopped by Ctrl-C or killed goes on from its checkpoint when run again', async () => {
    for (let n = 0; n < 20; n++) await send('PATCH', `${I}/users/${userId}/`, { full_name: `Z ${n}` });
    const shadow = `"${schema}_rebuild"`;
    const [{ total }] = (await sqlOnce(`SELECT count(*)::int AS total FROM "${schema}".events`)) as [
      { total: number },
    ];
    const cli = ['rebuild', '--batch-size', '1', '--no-progress'];
    const childEnv = { ...env, LOG_LEVEL: 'silent' };
    // The test holds the shadow's users table, so the child stops at a known batch: the first
    // event that changes a user, with every batch before it committed.
    const held = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await held.connect();
    const holdUsers = async () => {
      await held.query('BEGIN');
      await held.query(`LOCK TABLE ${shadow}.users IN SHARE MODE`);
    };
    const untilWaiting = async () => {
      for (let tries = 0; tries < 1000; tries++) {
        const [row] = (await sqlOnce(
          `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = to_regclass($1)`,
          [`${shadow}.users`],
        )) as [{ n: number }];
        if (row.n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the rebuild never waited for the users table');
    };
    const shadowAt = async () =>
      (
        (await sqlOnce(
          `SELECT commit_position || '/' || prepare_position AS at FROM ${shadow}.projection_checkpoints`,
        )) as [{ at: string }]
      )[0].at;
    try {
      // Ctrl-C: the batch in flight commits once the table is free, then the rebuild stops.
      const first = spawnApp('audit', childEnv, cli);
      for (let tries = 0; ; tries++) {
        const [plan] = (await sqlOnce(`SELECT to_regclass($1) IS NOT NULL AS ready`, [
          `${shadow}.rebuild_plan`,
        ])) as [{ ready: boolean }];
        if (plan.ready) break;
        if (tries > 1000) throw new Error(`no shadow was prepared; stderr: ${first.stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await holdUsers();
      await untilWaiting();
      first.child.kill('SIGINT');
      await held.query('COMMIT');
      expect((await first.exited).code).toBe(1);
      const stoppedAt = await shadowAt();
      expect(first.stderr).toBe(
        `audit: rebuild interrupted after position ${stoppedAt}: run it again to go on from there (--restart starts over)\n`,
      );

      // A kill while a batch waits: that batch rolls back, the ones before it stay.
      await holdUsers();
      const second = spawnApp('audit', childEnv, cli);
      await untilWaiting();
      const killedAt = await shadowAt();
      second.child.kill('SIGKILL');
      expect((await second.exited).signal).toBe('SIGKILL');
      await held.query('COMMIT');
      expect(second.stderr).toContain(`going on with the interrupted rebuild after position ${stoppedAt}`);

      const rerun = await audit(env, 'rebuild', '--no-progress');
      expect(rerun.code).toBe(0);
      expect(rerun.stderr).toBe(
        `rebuild: going on with the interrupted rebuild after position ${killedAt} (--restart starts over)\n`,
      );
      const applied = Number(/from (\d+) events \(resumed after position (\S+)\)/.exec(rerun.stdout)?.[1]);
      expect(rerun.stdout).toContain(`(resumed after position ${killedAt})`);
      expect(applied).toBeGreaterThan(0);
      expect(applied).toBeLessThan(total);
      expect((await audit(env, 'verify', '--no-progress')).code).toBe(0);
    } finally {
      await held.end();
    }
  });
});
