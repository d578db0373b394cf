import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RecordedEvent } from '#event-store';
import {
  CLOUDEVENTS_CONTENT_TYPE,
  instanceOf,
  MalformedEventError,
  parseCloudEvent,
  toCloudEvent,
  toOutboundMessage,
} from './cloud-event.js';
import { PUBLIC_EVENTS } from './public-events.js';

const HASH = '$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA';
const DIGEST = 'a'.repeat(64);

let revision = 0n;
const recorded = (stream: string, type: string, data: unknown): RecordedEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    actor: { kind: 'api_key', id: '7' },
    requestId: 'req-1',
    correlationId: randomUUID(),
    causationId: null,
    occurredAt: '2024-05-01T10:00:00.123456Z',
    schemaVersion: 1,
  },
  stream,
  revision: revision++,
  position: { commit: 42n, prepare: revision },
});

const user = {
  username: 'geralt',
  email: 'geralt@rivia.example',
  fullName: 'Geralt of Rivia',
  status: 'active',
  roles: ['member'],
  profile: { horse: 'Roach' },
};

describe('the CloudEvents envelope', () => {
  it('wraps a user event: id, type, source, subject, time, content type, public data', () => {
    const event = recorded('user-rivia-7', 'UserCreated', { userId: 7, ...user, passwordHash: HASH });
    expect(toCloudEvent(event)).toEqual({
      specversion: '1.0',
      id: event.id,
      type: 'UserCreated',
      source: '/instances/rivia/users/7',
      subject: 'user-rivia-7',
      time: '2024-05-01T10:00:00.123456Z',
      datacontenttype: 'application/json',
      data: { userId: 7, ...user },
    });
  });

  it('names the instance, the group, or the user (for logins) as the source', () => {
    const source = (stream: string, type: string, data: unknown) =>
      toCloudEvent(recorded(stream, type, data))?.source;
    expect(
      source('instance-rivia', 'InstanceCreated', { instanceId: 1, name: 'rivia', description: '' }),
    ).toBe('/instances/rivia');
    expect(source('group-rivia-3', 'MembershipAdded', { groupId: 3, userId: 7 })).toBe(
      '/instances/rivia/groups/3',
    );
    expect(source('login-rivia-7', 'UserLoggedIn', { userId: 7 })).toBe('/instances/rivia/users/7');
  });

  it('keeps only the contract fields: no password hash, no field the contract does not name', () => {
    const cases: Array<[string, unknown, unknown]> = [
      ['UserCreated', { userId: 1, ...user, passwordHash: HASH, extra: DIGEST }, { userId: 1, ...user }],
      [
        'UserUpdated',
        { userId: 1, changes: { email: null, keyDigest: DIGEST }, passwordHash: HASH },
        { userId: 1, changes: { email: null }, passwordChanged: true },
      ],
      [
        'UserUpdated',
        { userId: 1, changes: { fullName: 'G' } },
        { userId: 1, changes: { fullName: 'G' }, passwordChanged: false },
      ],
      ['UserPasswordChanged', { userId: 1, passwordHash: HASH }, { userId: 1 }],
      ['UserKeyReset', { userId: 1, keyGeneration: 2 }, { userId: 1, keyGeneration: 2 }],
      ['UserDeleted', { userId: 1 }, { userId: 1 }],
    ];
    for (const [type, data, published] of cases) {
      const message = toOutboundMessage(recorded('user-rivia-1', type, data))!;
      expect(JSON.parse(message.value).data).toEqual(published);
      expect(message.value).not.toMatch(/argon2|passwordHash|aaaaaaaa/);
    }
  });

  it('publishes nothing from internal streams, unknown types, or a type in the wrong kind of stream', () => {
    const internal = [
      recorded('account', 'AccountKeyIssued', { keyDigest: DIGEST }),
      recorded('apikeys-rivia', 'ApiKeyIssued', { apiKeyId: 1, keyDigest: DIGEST }),
      recorded('username-rivia:geralt', 'UsernameReserved', { userId: 7 }),
      recorded('email-rivia:g@rivia.example', 'EmailReserved', { userId: 7 }),
      recorded('groupname-rivia:witchers', 'GroupNameReserved', { groupId: 3 }),
      recorded('ids-rivia-user', 'IdAllocated', { id: 7 }),
      recorded('ids-instance', 'IdAllocated', { id: 1 }),
      recorded('user-rivia-7', 'SomethingNew', { userId: 7 }),
      recorded('group-rivia-3', 'UserCreated', { userId: 7, ...user }),
    ];
    for (const event of internal) expect(toOutboundMessage(event)).toBeNull();
  });

  it('keys by stream and carries position and revision headers', () => {
    const event = recorded('group-rivia-3', 'GroupCreated', {
      groupId: 3,
      label: 'Witchers',
      description: '',
      name: null,
    });
    expect(toOutboundMessage(event)).toEqual({
      key: 'group-rivia-3',
      value: expect.any(String),
      headers: {
        'roster-position': `42/${event.position.prepare}`,
        'roster-revision': event.revision.toString(),
        'content-type': CLOUDEVENTS_CONTENT_TYPE,
      },
    });
  });

  it('is documented: docs/events.md has a row for every public type', () => {
    const documented = [...readFileSync('docs/events.md', 'utf8').matchAll(/^\| `([A-Za-z]+)` +\|/gm)]
      .map((match) => match[1])
      .filter((name) => /^[A-Z]/.test(name!));
    expect(documented.toSorted()).toEqual(Object.keys(PUBLIC_EVENTS).toSorted());
  });

  it('covers every public type with a spec', () => {
    expect(Object.keys(PUBLIC_EVENTS).toSorted()).toEqual(
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
  });
});

describe('parsing a received message', () => {
  const valid = () => toOutboundMessage(recorded('user-rivia-7', 'UserDeleted', { userId: 7 }))!.value;

  it('round-trips what the relay sends', () => {
    const parsed = parseCloudEvent(Buffer.from(valid()));
    expect(parsed).toMatchObject({ type: 'UserDeleted', subject: 'user-rivia-7', data: { userId: 7 } });
    expect(instanceOf(parsed)).toBe('rivia');
  });

  it('refuses what is not a Roster CloudEvent, saying why', () => {
    const broken: Array<[string | null, RegExp]> = [
      [null, /no value/],
      ['{nope', /not JSON/],
      ['[1]', /not a JSON object/],
      [JSON.stringify({ ...JSON.parse(valid()), specversion: '0.3' }), /specversion/],
      [JSON.stringify({ ...JSON.parse(valid()), id: '' }), /id is not/],
      [JSON.stringify({ ...JSON.parse(valid()), time: 'yesterday' }), /time is not RFC 3339/],
      [JSON.stringify({ ...JSON.parse(valid()), data: 'x' }), /data is not/],
    ];
    for (const [value, reason] of broken) {
      expect(() => parseCloudEvent(value)).toThrow(MalformedEventError);
      expect(() => parseCloudEvent(value)).toThrow(reason);
    }
  });
});
