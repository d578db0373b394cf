import * as fc from 'fast-check';
import {
  PROFILE_MAX_BYTES,
  RESERVED_PROFILE_KEYS,
  USERNAME_MESSAGE,
  validateEmail,
  validateFullName,
  validatePassword,
  validateProfile,
  validateRoles,
  validateStatus,
  validateUserFields,
  validateUsername,
} from './user.rules.js';

const ALLOWED = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.@+-_';
/** The username rule written another way: every character from the allowed list, 1–150 of them. */
const referenceUsernameValid = (s: string): boolean =>
  s.length >= 1 && s.length <= 150 && [...s].every((c) => ALLOWED.includes(c));

describe('user value rules', () => {
  describe('username', () => {
    it.each(['geralt', 'Geralt.of+Rivia@kaer_morhen-1', 'x', 'a'.repeat(150)])('accepts %s', (name) => {
      expect(validateUsername(name)).toEqual([]);
    });

    it('reports blank, too long and bad characters in Syncano words', () => {
      expect(validateUsername('')).toEqual(['This field may not be blank.']);
      expect(validateUsername('a'.repeat(151))).toEqual([
        'Ensure this field has no more than 150 characters.',
      ]);
      expect(validateUsername('ger alt')).toEqual([USERNAME_MESSAGE]);
      expect(validateUsername('gerålt')).toEqual([USERNAME_MESSAGE]);
      expect(validateUsername('!'.repeat(151))).toEqual([
        'Ensure this field has no more than 150 characters.',
        USERNAME_MESSAGE,
      ]);
    });

    it('agrees with a reference implementation', () => {
      const candidate = fc.oneof(
        fc.string({ maxLength: 160 }),
        fc.string({ unit: fc.constantFrom(...ALLOWED), maxLength: 160 }),
        fc.string({ unit: fc.constantFrom(...ALLOWED, ' ', 'é', '/', '\u0000'), maxLength: 20 }),
      );
      fc.assert(
        fc.property(candidate, (name) => {
          expect(validateUsername(name).length === 0).toBe(referenceUsernameValid(name));
        }),
      );
    });
  });

  it('bounds passwords to 7–256 characters (code points)', () => {
    expect(validatePassword('')).toEqual(['This field may not be blank.']);
    expect(validatePassword('123456')).toEqual(['Ensure this field has at least 7 characters.']);
    expect(validatePassword('1234567')).toEqual([]);
    expect(validatePassword('🐺'.repeat(7))).toEqual([]);
    expect(validatePassword('x'.repeat(256))).toEqual([]);
    expect(validatePassword('x'.repeat(257))).toEqual(['Ensure this field has no more than 256 characters.']);
  });

  describe('email', () => {
    it.each(['geralt@rivia.org', 'G.Rivia+wolf@kaer-morhen.example.com', 'ü@bücher.de'])(
      'accepts %s',
      (email) => {
        expect(validateEmail(email)).toEqual([]);
      },
    );

    it.each([
      'geralt',
      'geralt@',
      '@rivia.org',
      'geralt@rivia',
      'ger alt@rivia.org',
      'a@b@c.org',
      'a@rivia..org',
    ])('rejects %s', (email) => {
      expect(validateEmail(email)).toEqual(['Enter a valid email address.']);
    });

    it('reports blank and too long', () => {
      expect(validateEmail('')).toEqual(['This field may not be blank.']);
      expect(validateEmail(`a@${'b'.repeat(250)}.org`)).toEqual([
        'Ensure this field has no more than 254 characters.',
      ]);
    });

    it('accepts generated RFC addresses', () => {
      fc.assert(
        fc.property(
          fc.emailAddress().filter((e) => e.length <= 254),
          (email) => {
            expect(validateEmail(email)).toEqual([]);
          },
        ),
      );
    });
  });

  it('bounds full names to 255 characters', () => {
    expect(validateFullName('')).toEqual([]);
    expect(validateFullName('x'.repeat(255))).toEqual([]);
    expect(validateFullName('x'.repeat(256))).toEqual(['Ensure this field has no more than 255 characters.']);
  });

  it('knows the statuses', () => {
    expect(['unverified', 'active', 'disabled'].flatMap(validateStatus)).toEqual([]);
    expect(validateStatus('banned')).toEqual(['"banned" is not a valid choice.']);
  });

  it('allows only configured roles', () => {
    expect(validateRoles(['admin', 'viewer'], ['admin', 'member', 'viewer'])).toEqual([]);
    expect(validateRoles(['root', 'admin', 'god'], ['admin'])).toEqual([
      '"root" is not a valid choice.',
      '"god" is not a valid choice.',
    ]);
  });

  describe('profile', () => {
    it('accepts a plain object', () => {
      expect(validateProfile({})).toEqual([]);
      expect(validateProfile({ nickname: 'White Wolf', swords: ['steel', 'silver'] })).toEqual([]);
    });

    it.each([
      [[], 'array'],
      [null, 'null'],
      ['x', 'string'],
      [1, 'number'],
    ])('rejects %j', (profile, type) => {
      expect(validateProfile(profile)).toEqual([`Expected a dictionary of items but got type "${type}".`]);
    });

    it('rejects every reserved key', () => {
      const profile = Object.fromEntries(RESERVED_PROFILE_KEYS.map((key) => [key, 1]));
      expect(validateProfile(profile)).toEqual(
        RESERVED_PROFILE_KEYS.map((key) => `"${key}" is a reserved key.`),
      );
    });

    it('bounds the JSON text to 16 KiB of UTF-8', () => {
      const withText = (bytes: number) => ({ a: 'x'.repeat(bytes - '{"a":""}'.length) });
      expect(validateProfile(withText(PROFILE_MAX_BYTES))).toEqual([]);
      expect(validateProfile(withText(PROFILE_MAX_BYTES + 1))).toEqual([
        'Ensure this field has no more than 16384 bytes.',
      ]);
      expect(validateProfile({ a: 'é'.repeat(PROFILE_MAX_BYTES / 2) })).toHaveLength(1);
    });
  });

  describe('validateUserFields', () => {
    it('reports every failing field at once, under body field names and codes', () => {
      const errors = validateUserFields(
        {
          username: 'bad name',
          password: 'short',
          email: 'nope',
          fullName: 'x'.repeat(256),
          status: 'banned',
          roles: ['root'],
          profile: { id: 1 },
        },
        ['admin'],
      );
      expect(errors.map(({ field, code }) => [field, code])).toEqual([
        ['username', 'user.username.invalid'],
        ['password', 'user.password.invalid'],
        ['email', 'user.email.invalid'],
        ['full_name', 'user.full_name.invalid'],
        ['status', 'user.status.invalid'],
        ['roles', 'user.roles.invalid'],
        ['profile', 'user.profile.invalid'],
      ]);
    });

    it('reports required fields when absent, and takes null email and full name as no value', () => {
      expect(validateUserFields({ email: null, fullName: null }, [], ['username', 'password'])).toEqual([
        { field: 'username', code: 'user.username.invalid', message: 'This field is required.' },
        { field: 'password', code: 'user.password.invalid', message: 'This field is required.' },
      ]);
    });

    it('takes a null profile as invalid', () => {
      expect(validateUserFields({ profile: null }, [])).toEqual([
        {
          field: 'profile',
          code: 'user.profile.invalid',
          message: 'Expected a dictionary of items but got type "null".',
        },
      ]);
    });
  });
});
