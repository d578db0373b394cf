import * as fc from 'fast-check';
import {
  parseResourceStream,
  reservationStream,
  userStream,
  groupStream,
  loginStream,
  instanceStream,
} from './stream-names.js';

const instanceName = fc.stringMatching(/^[a-z][a-z0-9-]{2,63}$/);

describe('stream names', () => {
  it('lowercases reservation values', () => {
    expect(reservationStream('username', 'rivia', 'Geralt')).toBe('username-rivia:geralt');
    expect(reservationStream('email', 'rivia', 'G@Rivia.ORG')).toBe('email-rivia:g@rivia.org');
  });

  it('keeps reservations of different instances apart even when names contain hyphens', () => {
    expect(reservationStream('username', 'ab-cd', 'x')).not.toBe(reservationStream('username', 'ab', 'cd-x'));
  });

  it('parses what it builds', () => {
    fc.assert(
      fc.property(instanceName, fc.integer({ min: 1, max: 2 ** 40 }), (instance, id) => {
        expect(parseResourceStream(userStream(instance, id))).toEqual({ kind: 'user', instance, id });
        expect(parseResourceStream(groupStream(instance, id))).toEqual({ kind: 'group', instance, id });
        expect(parseResourceStream(loginStream(instance, id))).toEqual({ kind: 'login', instance, id });
        expect(parseResourceStream(instanceStream(instance))).toEqual({ kind: 'instance', instance });
      }),
    );
  });

  it('does not parse internal streams', () => {
    expect(parseResourceStream('account')).toBeNull();
    expect(parseResourceStream('apikeys-rivia')).toBeNull();
    expect(parseResourceStream('ids-rivia-user')).toBeNull();
    expect(parseResourceStream('username-rivia:geralt')).toBeNull();
  });
});
