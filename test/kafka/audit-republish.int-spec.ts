// `audit republish` on a REAL broker: the public events of a range reach the topic again, with their
// original ids, keys and headers, in log order per key; filters by type, instance and position.
import { rmSync } from 'node:fs';
import { audit, jsonLines } from '../support/audit-cli.js';
import { tailTopic, kafkaGate, uniqueTopicPrefix } from '../support/kafka.js';
import { ACCOUNT_KEY, as, startTestApp, type TestApp } from '../support/test-app.js';
import { assertValidRosterCloudEvent, PUBLIC_STREAM, SECRET_PATTERNS } from './cloud-event-checks.js';

const { brokers, describeWithKafka } = await kafkaGate();

interface Exported {
  readonly id: string;
  readonly stream: string;
  readonly type: string;
  readonly position: string;
  readonly revision: number;
}

describeWithKafka('audit republish', () => {
  let api: TestApp;
  let env: Record<string, string>;
  let stored: Exported[];

  beforeAll(async () => {
    api = await startTestApp();
    const send = async (url: string, payload: object, method: 'POST' | 'PATCH' = 'POST') => {
      const response = await api.request({ method, url, headers: as(ACCOUNT_KEY), payload });
      expect(response.statusCode).toBeLessThan(300);
      return response.json() as { id: number };
    };
    for (const name of ['temeria', 'redania']) {
      await send('/v1.1/instances/', { name });
      const I = `/v1.1/instances/${name}`;
      await send(`${I}/api_keys/`, { ignore_acl: true });
      const user = await send(`${I}/users/`, { username: 'dandelion', password: 'lute-and-song' });
      await send(`${I}/users/${user.id}/`, { full_name: 'Julian', password: 'another-song' }, 'PATCH');
      const group = await send(`${I}/groups/`, { label: 'bards' });
      await send(`${I}/groups/${group.id}/users/`, { user: user.id });
    }
    await api.close({ remove: false });
    env = { DATA_DIR: api.dataDir, KAFKA_BROKERS: brokers! };
    stored = jsonLines<Exported>((await audit(env, 'export')).stdout);
  });

  afterAll(() => rmSync(api.dataDir, { recursive: true, force: true }));

  const republished = async (...args: string[]) => {
    const prefix = uniqueTopicPrefix('audit');
    const result = await audit({ ...env, KAFKA_TOPIC_PREFIX: prefix }, 'republish', '--no-progress', ...args);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const tail = await tailTopic(brokers!, `${prefix}.events`);
    try {
      const count = Number(/^republished (\d+) events/.exec(result.stdout)![1]);
      await tail.until((messages) => messages.length >= count, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more arrives
      return { count, messages: [...tail.messages] };
    } finally {
      await tail.close();
    }
  };

  it('sends every public event once, as the relay would, with its original id; nothing internal or secret', async () => {
    const { count, messages } = await republished('--from', '2000-01-01T00:00:00Z');
    const expected = stored.filter((event) => PUBLIC_STREAM.test(event.stream));
    expect(count).toBe(expected.length);
    const byId = new Map(expected.map((event) => [event.id, event]));
    for (const message of messages) {
      const value = message.value!.toString();
      for (const pattern of SECRET_PATTERNS) expect(value).not.toMatch(pattern);
      const cloudEvent = assertValidRosterCloudEvent(value);
      const original = byId.get(cloudEvent.id)!;
      expect([
        message.key?.toString(),
        cloudEvent.type,
        message.headers?.['roster-position']?.toString(),
      ]).toEqual([original.stream, original.type, original.position]);
      expect(message.headers?.['roster-revision']?.toString()).toBe(String(original.revision));
    }
    expect(
      new Set(messages.map((message) => assertValidRosterCloudEvent(message.value!.toString()).id)),
    ).toEqual(new Set(byId.keys()));
  });

  it('filters by instance, type and position (after --from, up to --to)', async () => {
    const users = stored.filter((event) => event.stream.startsWith('user-redania-'));
    const { messages } = await republished(
      '--from',
      stored[0]!.position,
      '--instance',
      'redania',
      '--type',
      'UserCreated,UserUpdated',
    );
    expect(messages.map((message) => assertValidRosterCloudEvent(message.value!.toString()).id)).toEqual(
      users.map((event) => event.id),
    );
    const last = users.at(-1)!;
    const upTo = await republished(
      '--from',
      users[0]!.position,
      '--to',
      last.position,
      '--instance',
      'redania',
    );
    expect(upTo.messages.map((message) => message.key?.toString())).toContain(last.stream);
    expect(
      upTo.messages.map((message) => assertValidRosterCloudEvent(message.value!.toString()).id),
    ).not.toContain(users[0]!.id);
  });

  it('needs KAFKA_BROKERS (exit 2) unless a dry run, which counts', async () => {
    const noKafka = await audit({ DATA_DIR: api.dataDir }, 'republish', '--from', '0/0');
    expect([noKafka.code, noKafka.stderr]).toEqual([
      2,
      'audit: republish needs KAFKA_BROKERS (the brokers the relay publishes to)\n',
    ]);
    const dry = await audit({ DATA_DIR: api.dataDir }, 'republish', '--from', '0/0', '--dry-run');
    const publicCount = stored.filter((event) => PUBLIC_STREAM.test(event.stream)).length;
    expect(dry.stdout).toMatch(new RegExp(`^would republish ${publicCount} events to roster.events`));
    const missingFrom = await audit(env, 'republish');
    expect([missingFrom.code, missingFrom.stderr]).toEqual([
      2,
      "error: required option '--from <time|position>' not specified\n",
    ]);
  });
});
