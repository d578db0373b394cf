import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type { InjectOptions } from 'fastify';
import { SystemClock } from '../apps/api/src/commands/clock.js';
import { audit, jsonLines } from './support/audit-cli.js';
import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';

const INSTANCE = 'audit-co';
const I = `/v1.1/instances/${INSTANCE}`;
const run = promisify(execFile);

type Json = Record<string, unknown>;
/** What the API returned, and a time just after it (the service's clock: same base, microseconds). */
interface Seen {
  readonly at: string;
  readonly body: Json;
}
interface HistoryLine {
  readonly type: string;
  readonly actor: { kind: string; id: string } | null;
  readonly requestId: string | null;
  readonly position: string;
  readonly data: Json;
  readonly changes: Json;
}

/** The API's JSON without the user key (a secret the audit never shows). */
const withoutKey = ({ user_key: _key, ...rest }: Json): Json => rest;

describe('audit CLI on a store seeded through the API', () => {
  const clock = new SystemClock();
  let api: TestApp;
  let env: Record<string, string>;
  let keyA: { id: number; key: string };
  let keyB: { id: number; key: string };
  let geralt: number;
  let yen: number;
  let group: number;
  const users: Seen[] = [];
  const groups: Seen[] = [];
  let yenBeforeDelete: Seen;

  const send = async (method: InjectOptions['method'], url: string, key: string, payload?: unknown) => {
    const response = await api.request({
      method,
      url,
      headers: as(key),
      ...(payload !== undefined && { payload: payload as object }),
    });
    expect(response.statusCode).toBeLessThan(300);
    return response.statusCode === 204 ? {} : (response.json() as Json);
  };
  const look = async (url: string): Promise<Seen> => {
    const body = await send('GET', url, ACCOUNT_KEY);
    return { body, at: clock.now() };
  };
  const seeUser = async () => users.push(await look(`${I}/users/${geralt}/`));
  const seeGroup = async () => groups.push(await look(`${I}/groups/${group}/`));
  const issueKey = async (flags: Json) => {
    const issued = await send('POST', `${I}/api_keys/`, ACCOUNT_KEY, flags);
    return { id: issued['id'] as number, key: issued['api_key'] as string };
  };

  beforeAll(async () => {
    api = await startTestApp();
    env = { DATA_DIR: api.dataDir, ROSTER_ACCOUNT_KEY: ACCOUNT_KEY };
    await send('POST', '/v1.1/instances/', ACCOUNT_KEY, { name: INSTANCE });
    keyA = await issueKey({ description: 'signup app', allow_user_create: true, ignore_acl: true });
    keyB = await issueKey({ description: 'admin console', ignore_acl: true });

    geralt = (
      await send('POST', `${I}/users/`, keyA.key, {
        username: 'geralt',
        password: 'roach-and-silver',
        profile: { school: 'wolf' },
      })
    )['id'] as number;
    await seeUser();
    group = (await send('POST', `${I}/groups/`, keyB.key, { label: 'witchers' }))['id'] as number;
    await seeGroup();
    await send('PATCH', `${I}/users/${geralt}/`, keyA.key, {
      email: 'geralt@rivia.example',
      full_name: 'Geralt',
    });
    await seeUser();
    await send('POST', `${I}/groups/${group}/users/`, ACCOUNT_KEY, { user: geralt });
    await seeUser();
    await seeGroup();
    await send('PATCH', `${I}/groups/${group}/`, keyB.key, { label: 'Witchers of Kaer Morhen' });
    await seeUser();
    await seeGroup();
    await send('POST', `${I}/user/auth/`, keyA.key, { username: 'geralt', password: 'roach-and-silver' });
    await seeUser();
    await send('PATCH', `${I}/users/${geralt}/`, keyA.key, { password: 'a-new-secret-pass' });
    await seeUser();

    yen = (
      await send('POST', `${I}/users/`, keyA.key, { username: 'yennefer', password: 'lilac-gooseberry' })
    )['id'] as number;
    await send('POST', `${I}/groups/${group}/users/`, keyB.key, { user: yen });
    yenBeforeDelete = await look(`${I}/users/${yen}/`);
    const revisionBefore = (await look(`${I}/groups/${group}/`)).body['revision'] as number;
    await send('DELETE', `${I}/users/${yen}/`, keyB.key);
    // The membership ends by reaction (MembershipRemoved in the group's stream), after the response.
    for (let tries = 0; ; tries++) {
      const { revision } = (await look(`${I}/groups/${group}/`)).body as { revision: number };
      if (revision > revisionBefore) break;
      if (tries > 100) throw new Error('the membership cleanup never came');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await seeGroup();
    await send('DELETE', `${I}/groups/${group}/users/${geralt}/`, keyB.key);
    await seeUser();
    await seeGroup();
    await send('POST', `${I}/users/${geralt}/reset_key/`, ACCOUNT_KEY);
    await seeUser();
    await api.close({ remove: false });
  });

  afterAll(() => rmSync(api.dataDir, { recursive: true, force: true }));

  describe('history', () => {
    it("lists a user's events in order with their actors and what changed, secrets redacted", async () => {
      const result = await audit(env, 'history', INSTANCE, 'user', String(geralt), '--json');
      expect([result.code, result.stderr]).toEqual([0, '']);
      const events = jsonLines<HistoryLine>(result.stdout);
      const apiKeyA = { kind: 'api_key', id: String(keyA.id) };
      expect(events.map((event) => [event.type, event.actor])).toEqual([
        ['UserCreated', apiKeyA],
        ['UserUpdated', apiKeyA],
        ['UserPasswordChanged', apiKeyA],
        ['UserKeyReset', expect.objectContaining({ kind: 'account' })],
      ]);
      expect(events.every((event) => typeof event.requestId === 'string')).toBe(true);
      expect(events[0]!.data).toMatchObject({ username: 'geralt', passwordHash: '[redacted]' });
      expect(events[1]!.changes).toEqual({
        email: { from: null, to: 'geralt@rivia.example' },
        fullName: { from: null, to: 'Geralt' },
      });
      expect(events[2]!.changes).toEqual({ password: { from: '[redacted]', to: '[redacted]' } });
      expect(events[3]!.changes).toEqual({ keyGeneration: { from: 0, to: 1 } });
      expect(result.stdout).not.toContain('$argon2id$');
    });

    it("lists a group's events with its memberships, the reaction to a user's deletion by the system", async () => {
      const result = await audit(env, 'history', INSTANCE, 'group', String(group), '--json');
      expect(result.code).toBe(0);
      const events = jsonLines<HistoryLine>(result.stdout);
      expect(events.map((event) => [event.type, event.actor?.kind, event.changes])).toEqual([
        [
          'GroupCreated',
          'api_key',
          { label: { to: 'witchers' }, description: { to: '' }, name: { to: null } },
        ],
        ['MembershipAdded', 'account', { members: { added: [geralt], removed: [] } }],
        ['GroupUpdated', 'api_key', { label: { from: 'witchers', to: 'Witchers of Kaer Morhen' } }],
        ['MembershipAdded', 'api_key', { members: { added: [yen], removed: [] } }],
        ['MembershipRemoved', 'system', { members: { added: [], removed: [yen] } }],
        ['MembershipRemoved', 'api_key', { members: { added: [], removed: [geralt] } }],
      ]);
    });

    it('prints text by default: a line per event and one per change', async () => {
      const result = await audit(env, 'history', INSTANCE, 'user', String(geralt));
      expect(result.code).toBe(0);
      const lines = result.stdout.split('\n');
      expect(lines[0]).toBe(`user ${geralt} in instance ${INSTANCE} (stream user-${INSTANCE}-${geralt})`);
      expect(lines[1]).toMatch(
        new RegExp(`^\\S+Z  #0  UserCreated  by api_key:${keyA.id}  request \\S+  position \\d+/\\d+$`),
      );
      expect(result.stdout).toContain('    email: null → "geralt@rivia.example"\n');
      expect(result.stdout).toContain('    password: [redacted]\n');
    });

    it('answers 1 for a resource with no events, 2 for bad usage, one line each', async () => {
      const missing = await audit(env, 'history', INSTANCE, 'user', '999');
      expect([missing.code, missing.stdout]).toEqual([1, '']);
      expect(missing.stderr).toBe(
        `audit: No such user: user 999 in instance ${INSTANCE} has no events (stream user-${INSTANCE}-999)\n`,
      );
      const badKind = await audit(env, 'history', INSTANCE, 'person', '1');
      expect(badKind.code).toBe(2);
      expect(badKind.stderr.trim().split('\n')).toHaveLength(1);
      const badId = await audit(env, 'history', INSTANCE, 'user', 'x1');
      expect(badId.code).toBe(2);
      expect(badId.stderr).toMatch(/^error: .*positive integer.*\n$/);
    });
  });

  describe('state --at', () => {
    it('shows the user as the API returned it at each moment (groups and last login included)', async () => {
      expect(users).toHaveLength(8);
      for (const seen of users) {
        const result = await audit(env, 'state', INSTANCE, 'user', String(geralt), '--at', seen.at);
        expect([result.code, result.stderr]).toEqual([0, '']);
        expect(JSON.parse(result.stdout)).toEqual(withoutKey(seen.body));
      }
      const inGroup = users[2]!.body['groups'] as Json[];
      expect(inGroup).toEqual([expect.objectContaining({ id: group, label: 'witchers' })]);
    });

    it('shows the group as the API returned it at each moment', async () => {
      for (const seen of groups) {
        const result = await audit(env, 'state', INSTANCE, 'group', String(group), '--at', seen.at);
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual(seen.body);
      }
    });

    it('takes a position: the state right after that event', async () => {
      const events = jsonLines<HistoryLine>(
        (await audit(env, 'history', INSTANCE, 'user', String(geralt), '--json')).stdout,
      );
      const result = await audit(env, 'state', INSTANCE, 'user', String(geralt), '--at', events[0]!.position);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual(withoutKey(users[0]!.body));
    });

    it('without --at: now; a deleted user is not found now but was before', async () => {
      const now = await audit(env, 'state', INSTANCE, 'user', String(geralt));
      expect(JSON.parse(now.stdout)).toEqual(withoutKey(users.at(-1)!.body));
      const gone = await audit(env, 'state', INSTANCE, 'user', String(yen));
      expect(gone.code).toBe(1);
      expect(gone.stderr).toMatch(
        new RegExp(
          `^audit: No such user at position \\S+: user ${yen} in instance ${INSTANCE} was deleted at \\S+Z\n$`,
        ),
      );
      const before = await audit(env, 'state', INSTANCE, 'user', String(yen), '--at', yenBeforeDelete.at);
      expect(JSON.parse(before.stdout)).toEqual(withoutKey(yenBeforeDelete.body));
      const early = await audit(
        env,
        'state',
        INSTANCE,
        'user',
        String(geralt),
        '--at',
        '2000-01-01T00:00:00Z',
      );
      expect(early.code).toBe(1);
      expect(early.stderr).toContain('did not exist then');
    });
  });

  describe('activity', () => {
    it('shows what one key did in the instance, in order', async () => {
      const result = await audit(env, 'activity', INSTANCE, '--actor', `api_key:${keyB.id}`, '--json');
      expect(result.code).toBe(0);
      const events = jsonLines<HistoryLine>(result.stdout);
      expect(events.map((event) => event.type)).toEqual([
        'GroupCreated',
        'GroupUpdated',
        'MembershipAdded',
        'UserDeleted',
        'MembershipRemoved',
      ]);
      expect(events.every((event) => event.actor?.id === String(keyB.id))).toBe(true);
      expect(result.stderr).toBe('5 events\n');
    });

    it('filters by type and time', async () => {
      const result = await audit(
        env,
        'activity',
        INSTANCE,
        '--type',
        'UserUpdated,UserPasswordChanged',
        '--since',
        users[1]!.at,
      );
      expect(result.code).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`api_key:${keyA.id}  UserPasswordChanged  user-${INSTANCE}-${geralt}#2`);
    });
  });

  describe('export', () => {
    const digest = (key: string) => createHash('sha256').update(key).digest('hex');

    it('writes every event as JSON lines, secrets redacted', async () => {
      const result = await audit(env, 'export', '--no-progress');
      expect(result.code).toBe(0);
      const events = jsonLines<HistoryLine & { id: string; stream: string }>(result.stdout);
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
      const types = events.map((event) => event.type);
      for (const type of [
        'AccountKeyIssued',
        'InstanceCreated',
        'ApiKeyIssued',
        'UserCreated',
        'UserLoggedIn',
      ]) {
        expect(types).toContain(type);
      }
      const issued = events.filter((event) => event.type === 'ApiKeyIssued');
      expect(issued.map((event) => event.data['keyDigest'])).toEqual(['[redacted]', '[redacted]']);
      for (const secret of [digest(keyA.key), digest(keyB.key), digest(ACCOUNT_KEY), '$argon2id$']) {
        expect(result.stdout).not.toContain(secret);
      }
      expect(result.stderr).toMatch(
        new RegExp(`^exported ${events.length} events \\(${events.length} in the range\\)`),
      );
      // Complete: every event the store holds (counted straight from the database).
      const db = await PGlite.create(join(api.dataDir, 'pglite'));
      try {
        const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM roster.events'))
          .rows as [{ n: number }];
        expect(events).toHaveLength(n);
      } finally {
        await db.close();
      }
    });

    it('writes CSV to a file, for one instance and a range', async () => {
      const file = join(tmpdir(), `audit-export-${process.pid}.csv`);
      try {
        const all = jsonLines<{ stream: string; occurredAt: string }>(
          (await audit(env, 'export', '--instance', INSTANCE)).stdout,
        );
        expect(all.every((event) => event.stream.includes(INSTANCE))).toBe(true);
        const inRange = all.filter(
          (event) => event.occurredAt > users[0]!.at && event.occurredAt <= users[3]!.at,
        );
        const result = await audit(
          env,
          'export',
          '--instance',
          INSTANCE,
          '--from',
          users[0]!.at,
          '--to',
          users[3]!.at,
          '--format',
          'csv',
          '-o',
          file,
        );
        expect(result.code).toBe(0);
        const lines = readFileSync(file, 'utf8').split('\r\n').filter(Boolean);
        expect(lines[0]).toBe(
          'position,occurred_at,stream,revision,id,type,actor_kind,actor_id,request_id,correlation_id,causation_id,schema_version,data',
        );
        expect(lines).toHaveLength(inRange.length + 1);
        expect(lines.some((line) => line.includes(',GroupUpdated,api_key,'))).toBe(true);
        expect(lines.join('\n')).not.toContain('$argon2id$');
      } finally {
        rmSync(file, { force: true });
      }
    });
  });

  describe('verify and rebuild', () => {
    it('verify is clean, finds a tampered read-model row (exit 1), and a rebuild repairs it', async () => {
      const clean = await audit(env, 'verify', '--no-progress');
      expect([clean.code, clean.stderr]).toEqual([0, '']);
      expect(clean.stdout).toMatch(/^read models match the log at position \d+\/\d+\n$/);

      const db = await PGlite.create(join(api.dataDir, 'pglite'));
      await db.query(`UPDATE roster.users SET full_name = 'Gerald' WHERE instance = $1 AND id = $2`, [
        INSTANCE,
        geralt,
      ]);
      await db.close();
      const tampered = await audit(env, 'verify', '--no-progress');
      expect(tampered.code).toBe(1);
      expect(tampered.stdout).toContain(
        'users: 1 row only in the live read models, 1 row only in the rebuild',
      );
      expect(tampered.stdout).toContain('"full_name":"Gerald"');

      const rebuilt = await audit(env, 'rebuild', '--no-progress');
      expect(rebuilt.code).toBe(0);
      expect(rebuilt.stdout).toMatch(
        /^rebuilt instances, keys, users, groups, memberships, profile-fields from \d+ events/,
      );
      expect((await audit(env, 'verify', '--no-progress')).code).toBe(0);
      const after = await audit(env, 'state', INSTANCE, 'user', String(geralt));
      expect(JSON.parse(after.stdout)).toMatchObject({ full_name: 'Geralt' });
    });

    it('rebuilds one projection on the embedded store; an unknown one is bad usage', async () => {
      const one = await audit(env, 'rebuild', '--projection', 'users', '--no-progress');
      expect([one.code, one.stderr]).toEqual([0, '']);
      expect(one.stdout).toMatch(/^rebuilt users from \d+ events/);
      const unknown = await audit(env, 'rebuild', '--projection', 'nope');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/^audit: Unknown projection nope \(known: instances, .*\)\n$/);
    });
  });

  describe('the built CLI (npm run audit)', () => {
    const main = join(process.cwd(), 'dist/apps/audit/src/main.js');
    const cli = (args: string[], extraEnv: Record<string, string> = {}) =>
      run(process.execPath, [main, ...args], { env: { ...process.env, ...env, ...extraEnv } }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

    beforeAll(async () => {
      await run(join(process.cwd(), 'node_modules/.bin/nest'), ['build', 'audit']);
    }, 120_000);

    it('exits 0, 1 and 2 and says what went wrong in one line', async () => {
      const ok = await cli(['history', INSTANCE, 'group', String(group)]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('MembershipRemoved');
      const help = await cli(['state', '--help']);
      expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('--at <time|position>')]);
      const missing = await cli(['state', INSTANCE, 'group', '77']);
      expect([missing.code, missing.stderr.trim().split('\n').length]).toEqual([1, 1]);
      const bad = await cli(['state', INSTANCE, 'user', '1', '--at', 'yesterday']);
      expect([bad.code, bad.stderr.trim().split('\n').length]).toEqual([2, 1]);
      // DATABASE_URL is cleared: CI exports one for the PostgreSQL suites. The secret is the API's
      // alone: the CLI never names it.
      const config = await cli(['verify'], { EVENT_STORE: 'postgres', DATABASE_URL: '', ROSTER_SECRET: '' });
      expect(config.code).toBe(2);
      expect(config.stderr).toMatch(/^audit: Invalid configuration: DATABASE_URL is required/);
      expect(config.stderr).not.toContain('ROSTER_SECRET');
    });

    it('refuses while the API holds the embedded data, naming its pid', async () => {
      const running = await startTestApp({}, api.dataDir);
      try {
        const refused = await cli(['history', INSTANCE, 'user', String(geralt)]);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toBe(
          `audit: The embedded data in ${api.dataDir} is in use by process ${process.pid}. PGlite corrupts a data directory opened twice: stop that process first (or use EVENT_STORE=postgres to run several processes side by side).\n`,
        );
        const inProcess = await audit(env, 'verify');
        expect([inProcess.code, inProcess.stderr]).toEqual([
          1,
          expect.stringContaining(`in use by process ${process.pid}`),
        ]);
      } finally {
        await running.close({ remove: false });
      }
    });
  });
});
