import { csvField } from '../export/csv.js';
import { redact } from './redaction.js';
import { instanceOfStream, isActivityStream } from './stream-instance.js';

describe('event output', () => {
  it('redacts secrets at any depth', () => {
    expect(
      redact({ userId: 1, passwordHash: '$argon2id$x', nested: [{ keyDigest: 'ab', digest: 'cd' }] }),
    ).toEqual({
      userId: 1,
      passwordHash: '[redacted]',
      nested: [{ keyDigest: '[redacted]', digest: '[redacted]' }],
    });
  });

  it('quotes CSV fields as RFC 4180 does', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('{"a":1,"b":"x"}')).toBe('"{""a"":1,""b"":""x""}"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
  });

  it("knows every stream's instance, and which streams are activity rather than bookkeeping", () => {
    const streams: [string, string | null, boolean][] = [
      ['instance-ab-cd', 'ab-cd', true],
      ['user-ab-cd-12', 'ab-cd', true],
      ['group-abc-1', 'abc', true],
      ['login-abc-1', 'abc', true],
      ['apikeys-abc', 'abc', true],
      ['ids-ab-cd-user', 'ab-cd', false],
      ['username-ab-cd:geralt-of-rivia', 'ab-cd', false],
      ['email-abc:a@b.c', 'abc', false],
      ['groupname-abc:wolves', 'abc', false],
      ['ids-instance', null, false],
      ['account', null, false],
    ];
    for (const [stream, instance, activity] of streams) {
      expect([stream, instanceOfStream(stream), isActivityStream(stream)]).toEqual([
        stream,
        instance,
        activity,
      ]);
    }
  });
});
