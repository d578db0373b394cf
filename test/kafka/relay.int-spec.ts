// The relay in the API process, on a REAL broker: every public event written through the API reaches
// the topic once, in stream order per key, as a valid CloudEvent, with no secret in any message.
import type { KafkaMessage } from 'kafkajs';
import { formatPosition, type RecordedEvent } from '#event-store';
import type { Runtime } from '../../apps/api/src/infrastructure/runtime.js';
import { RUNTIME } from '../../apps/api/src/infrastructure/runtime.token.js';
import { ACCOUNT_KEY, as, startTestApp, type TestApp } from '../support/test-app.js';
import { tailTopic, kafkaGate, uniqueTopicPrefix, type TopicTail } from '../support/kafka.js';
import {
  assertValidRosterCloudEvent,
  PUBLIC_STREAM,
  publicDataOf,
  publicEventsIn,
  SECRET_PATTERNS,
} from './cloud-event-checks.js';

const { brokers, describeWithKafka } = await kafkaGate();

const I = '/v1.1/instances/rivia';
const PASSWORDS = ['roach-is-a-horse', 'new-pass-123', 'only-the-pass', 'yen-pass-456'];

describeWithKafka('the relay in the API process', () => {
  const prefix = uniqueTopicPrefix('relay');
  const topic = `${prefix}.events`;
  const account = as(ACCOUNT_KEY);
  let api: TestApp;
  let runtime: Runtime;
  let tail: TopicTail;
  const secrets: string[] = [ACCOUNT_KEY, ...PASSWORDS];

  const send = async (
    method: 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    headers = account,
  ) => {
    const response = await api.request({ method, url, headers, ...(payload && { payload }) });
    if (![200, 201, 204].includes(response.statusCode))
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.statusCode === 204 ? {} : response.json();
  };

  beforeAll(async () => {
    api = await startTestApp({ KAFKA_BROKERS: brokers!, KAFKA_TOPIC_PREFIX: prefix });
    runtime = api.app.get<Runtime>(RUNTIME);
  });

  afterAll(async () => {
    await tail?.close();
    await api?.close();
  });

  const publicEvents = () => publicEventsIn(runtime.storage.store);

  it('publishes every public event once, in stream order per key, as CloudEvents without secrets', async () => {
    await send('POST', '/v1.1/instances/', { name: 'rivia' });
    await send('POST', '/v1.1/instances/', { name: 'kovir' });
    const apiKey = (await send('POST', `${I}/api_keys/`, { allow_user_create: true })).api_key as string;
    secrets.push(apiKey);
    const geralt = await send('POST', `${I}/users/`, {
      username: 'geralt',
      password: PASSWORDS[0],
      email: 'geralt@rivia.example',
      profile: { horse: 'Roach' },
    });
    secrets.push(geralt.user_key);
    const yen = await send('POST', `${I}/users/`, { username: 'yen', password: PASSWORDS[3] });
    await send('PATCH', `${I}/users/${geralt.id}/`, { full_name: 'Geralt of Rivia', password: PASSWORDS[1] });
    await send('PATCH', `${I}/users/${geralt.id}/`, { password: PASSWORDS[2] });
    await send('PATCH', `${I}/users/${yen.id}/`, { full_name: 'Yennefer of Vengerberg' });
    secrets.push((await send('POST', `${I}/users/${geralt.id}/reset_key/`, {})).user_key);
    await send('POST', `${I}/user/auth/`, { username: 'geralt', password: PASSWORDS[2] }, as(apiKey));
    const witchers = await send('POST', `${I}/groups/`, { label: 'Witchers', name: 'witchers' });
    const mages = await send('POST', `${I}/groups/`, { label: 'Mages' });
    await send('PATCH', `${I}/groups/${witchers.id}/`, { description: 'Kaer Morhen' });
    await send('POST', `${I}/groups/${witchers.id}/users/`, { user: geralt.id });
    await send('POST', `${I}/groups/${mages.id}/users/`, { user: yen.id });
    await send('POST', `${I}/groups/${mages.id}/users/`, { user: geralt.id });
    await send('DELETE', `${I}/groups/${mages.id}/users/${geralt.id}/`);
    await send('DELETE', `${I}/users/${yen.id}/`); // → MembershipRemoved in Mages, by reaction
    await send('DELETE', `${I}/groups/${witchers.id}/`); // → MembershipRemoved of Geralt in the same append
    await send('DELETE', '/v1.1/instances/kovir/');

    // Reactions (to the user's deletion) append asynchronously: wait for it, then take the store
    // once it holds still.
    const reacted = (events: readonly RecordedEvent[]) =>
      events.some(
        (event) =>
          event.type === 'MembershipRemoved' && (event.data as { reason: string }).reason === 'user_deleted',
      );
    for (const deadline = Date.now() + 20_000; !reacted(await publicEvents()) && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    let expected = await publicEvents();
    expect(reacted(expected)).toBe(true);
    for (let previous = 0; previous !== expected.length;) {
      previous = expected.length;
      expect(await runtime.relay!.waitFor(expected.at(-1)!.position, 20_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expected = await publicEvents();
    }
    const types = new Set(expected.map((event) => event.type));
    expect([...types].toSorted()).toEqual(
      [
        'GroupCreated',
        'GroupDeleted',
        'GroupUpdated',
        'InstanceCreated',
        'InstanceDeleted',
        'MembershipAdded',
        'MembershipRemoved',
        'UserCreated',
        'UserDeleted',
        'UserKeyReset',
        'UserLoggedIn',
        'UserPasswordChanged',
        'UserUpdated',
      ].toSorted(),
    );

    tail = await tailTopic(brokers!, topic);
    const ids = new Set(expected.map((event) => event.id));
    const arrived = (messages: readonly KafkaMessage[]) =>
      new Set(messages.map((m) => JSON.parse(m.value!.toString()).id)).size >= ids.size;
    await tail.until(arrived, 30_000);
    // Anything late (a duplicate, an internal event) would show up now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const messages = [...tail.messages];

    // Once per write: exactly the public events, each once.
    const received = messages.map((m) => JSON.parse(m.value!.toString()) as { id: string });
    expect(received.map((event) => event.id).toSorted()).toEqual([...ids].toSorted());

    // Each is the CloudEvent of its stored event, public fields only, with the position headers.
    const byId = new Map(expected.map((event) => [event.id, event]));
    for (const message of messages) {
      const value = message.value!.toString();
      const cloudEvent = assertValidRosterCloudEvent(value);
      const stored = byId.get(cloudEvent.id)!;
      expect(message.key?.toString()).toBe(stored.stream);
      expect(cloudEvent).toMatchObject({
        type: stored.type,
        subject: stored.stream,
        time: stored.metadata.occurredAt,
        data: publicDataOf(stored),
      });
      expect(message.headers?.['roster-position']?.toString()).toBe(formatPosition(stored.position));
      expect(message.headers?.['roster-revision']?.toString()).toBe(stored.revision.toString());
      for (const pattern of SECRET_PATTERNS) expect(value).not.toMatch(pattern);
      for (const secret of secrets) expect(value).not.toContain(secret);
    }

    // A write that set a password and other fields is one UserUpdated that says so; one that set
    // only other fields says it did not; one that set only the password is UserPasswordChanged.
    const userEvents = (stream: string) =>
      received
        .map((event) => event as unknown as { type: string; subject: string; data: object })
        .filter((event) => event.subject === stream && event.type.startsWith('User'));
    expect(userEvents(`user-rivia-${geralt.id}`).map(({ type, data }) => ({ type, data }))).toEqual([
      { type: 'UserCreated', data: expect.objectContaining({ username: 'geralt' }) },
      {
        type: 'UserUpdated',
        data: { userId: geralt.id, changes: { fullName: 'Geralt of Rivia' }, passwordChanged: true },
      },
      { type: 'UserPasswordChanged', data: { userId: geralt.id } },
      { type: 'UserKeyReset', data: expect.objectContaining({ userId: geralt.id }) },
    ]);
    expect(userEvents(`user-rivia-${yen.id}`).find((event) => event.type === 'UserUpdated')?.data).toEqual({
      userId: yen.id,
      changes: { fullName: 'Yennefer of Vengerberg' },
      passwordChanged: false,
    });

    // In stream order per key: every stream's revisions 0, 1, 2, … in arrival order.
    const revisionsByKey = new Map<string, bigint[]>();
    for (const message of messages) {
      const key = message.key!.toString();
      revisionsByKey.set(key, [
        ...(revisionsByKey.get(key) ?? []),
        byId.get(JSON.parse(message.value!.toString()).id)!.revision,
      ]);
    }
    for (const [key, revisions] of revisionsByKey) {
      expect({ key, revisions }).toEqual({ key, revisions: revisions.map((_, i) => BigInt(i)) });
    }
    // Internal streams never reach the topic.
    expect([...revisionsByKey.keys()].filter((key) => !PUBLIC_STREAM.test(key))).toEqual([]);
  });

  it('reports itself in /health and /metrics', async () => {
    const health = (await api.request({ method: 'GET', url: '/health' })).json();
    expect(health.details.relay).toMatchObject({
      status: 'up',
      inProcess: true,
      role: 'active',
      topic,
      connected: true,
      caughtUp: true,
      lagMs: 0,
      lastError: null,
    });
    const metrics = (await api.request({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('roster_relay_lag_seconds 0');
    expect(metrics).toContain('roster_relay_connected 1');
    expect(metrics).toContain('roster_relay_active 1');
    expect(metrics).toMatch(/roster_relay_events_published_total [1-9]\d*/);
  });
});
