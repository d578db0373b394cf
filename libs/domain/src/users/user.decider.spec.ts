/* oxlint-disable jest/expect-expect -- decider specs assert inside deciderSpecification (then, thenThrows) */
import * as fc from 'fast-check';
import { fold, type Recorded } from '../shared/decider.js';
import type { JsonValue } from '../shared/json.js';
import { deciderSpecification, recorded } from '../testing/index.js';
import type { UpdateUser, UserCommand } from './user.commands.js';
import { userDecider } from './user.decider.js';
import type { UserEvent, UserFields } from './user.events.js';
import { RESERVED_PROFILE_KEYS, USER_STATUSES } from './user.rules.js';

const spec = deciderSpecification(userDecider);
const USER_FIELD_NAMES: (keyof UserFields)[] = [
  'username',
  'email',
  'fullName',
  'status',
  'roles',
  'profile',
];
const ROLES = ['admin', 'member', 'viewer'];
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
const NEW_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdDI$aGFzaDI';

const created: UserEvent = {
  type: 'UserCreated',
  data: {
    userId: 10,
    username: 'geralt',
    email: null,
    fullName: null,
    status: 'unverified',
    roles: [],
    profile: {},
    passwordHash: HASH,
  },
};
const deleted: UserEvent = { type: 'UserDeleted', data: { userId: 10 } };
const patch = (
  fields: UpdateUser['data']['fields'],
  extra: Partial<UpdateUser['data']> = {},
): UserCommand => ({
  type: 'UpdateUser',
  data: { userId: 10, mode: 'patch', fields, allowedRoles: ROLES, ...extra },
});
const replace = (
  fields: UpdateUser['data']['fields'],
  extra: Partial<UpdateUser['data']> = {},
): UserCommand => ({
  type: 'UpdateUser',
  data: { userId: 10, mode: 'replace', fields, allowedRoles: ROLES, ...extra },
});
const notFound = {
  kind: 'not_found',
  errors: [{ field: 'detail', code: 'resource.not_found', message: 'Not found.' }],
} as const;
const stale = { revision: 3, source: 'body' } as const;
const staleBody = {
  kind: 'invalid',
  errors: [
    {
      field: 'expected_revision',
      code: 'revision.mismatch',
      message: 'Revision mismatch. Expected 3, got 1.',
    },
  ],
} as const;
const staleIfMatch = {
  kind: 'precondition',
  errors: [
    { field: 'detail', code: 'revision.mismatch', message: 'Precondition failed: current revision is 1.' },
  ],
} as const;

describe('user decider', () => {
  describe('CreateUser', () => {
    it('creates a user with defaults', () => {
      spec
        .given([])
        .when({
          type: 'CreateUser',
          data: { userId: 10, fields: { username: 'geralt' }, passwordHash: HASH, allowedRoles: ROLES },
        })
        .then([created]);
    });

    it('creates a user with every field, roles as a sorted set', () => {
      spec
        .given([])
        .when({
          type: 'CreateUser',
          data: {
            userId: 10,
            fields: {
              username: 'Geralt',
              email: 'geralt@rivia.org',
              fullName: 'Geralt of Rivia',
              status: 'active',
              roles: ['viewer', 'admin', 'viewer'],
              profile: { nickname: 'White Wolf' },
            },
            passwordHash: HASH,
            allowedRoles: ROLES,
          },
        })
        .then([
          {
            type: 'UserCreated',
            data: {
              userId: 10,
              username: 'Geralt',
              email: 'geralt@rivia.org',
              fullName: 'Geralt of Rivia',
              status: 'active',
              roles: ['admin', 'viewer'],
              profile: { nickname: 'White Wolf' },
              passwordHash: HASH,
            },
          },
        ]);
    });

    it('reports every invalid field at once', () => {
      spec
        .given([])
        .when({
          type: 'CreateUser',
          data: {
            userId: 10,
            fields: { username: 'ger alt', email: 'nope', roles: ['root'], profile: { owner: 1 } },
            passwordHash: HASH,
            allowedRoles: ROLES,
          },
        })
        .thenThrows({
          kind: 'invalid',
          errors: [
            { field: 'username', code: 'user.username.invalid' },
            { field: 'email', code: 'user.email.invalid', message: 'Enter a valid email address.' },
            { field: 'roles', code: 'user.roles.invalid', message: '"root" is not a valid choice.' },
            { field: 'profile', code: 'user.profile.invalid', message: '"owner" is a reserved key.' },
          ],
        });
    });

    it('requires a username', () => {
      spec
        .given([])
        .when({
          type: 'CreateUser',
          data: { userId: 10, fields: {}, passwordHash: HASH, allowedRoles: ROLES },
        })
        .thenThrows({
          kind: 'invalid',
          errors: [{ field: 'username', code: 'user.username.invalid', message: 'This field is required.' }],
        });
    });

    it('refuses a password that is not an argon2id hash (a bug, not a client error)', () => {
      const command: UserCommand = {
        type: 'CreateUser',
        data: { userId: 10, fields: { username: 'geralt' }, passwordHash: 'hunter22', allowedRoles: ROLES },
      };
      expect(() => userDecider.decide(command, userDecider.initialState())).toThrow('not an argon2id hash');
      const state = fold(userDecider, [recorded(created)]);
      expect(() => userDecider.decide(patch({}, { passwordHash: 'hunter22' }), state)).toThrow(
        'not an argon2id hash',
      );
    });

    it('fails on an existing stream', () => {
      spec
        .given([created])
        .when({
          type: 'CreateUser',
          data: { userId: 10, fields: { username: 'geralt' }, passwordHash: HASH, allowedRoles: ROLES },
        })
        .thenThrows({ kind: 'conflict', errors: [{ code: 'request.conflict' }] });
    });
  });

  describe('UpdateUser (PATCH)', () => {
    it('records only the fields that change', () => {
      spec
        .given([created])
        .when(
          patch({ username: 'geralt', email: 'geralt@rivia.org', status: 'unverified', roles: ['member'] }),
        )
        .then([
          {
            type: 'UserUpdated',
            data: { userId: 10, changes: { email: 'geralt@rivia.org', roles: ['member'] } },
          },
        ]);
    });

    it('replaces the profile whole', () => {
      spec
        .given([{ ...created, data: { ...created.data, profile: { a: 1, b: 2 } } }])
        .when(patch({ profile: { b: 2 } }))
        .then([{ type: 'UserUpdated', data: { userId: 10, changes: { profile: { b: 2 } } } }]);
    });

    it('keeps the case a username is given in', () => {
      spec
        .given([created])
        .when(patch({ username: 'Geralt' }))
        .then([{ type: 'UserUpdated', data: { userId: 10, changes: { username: 'Geralt' } } }]);
    });

    it('appends nothing when nothing changes', () => {
      spec
        .given([created])
        .when(patch({ username: 'geralt', email: null, roles: [], profile: {} }))
        .thenNothingHappened();
      spec.given([created]).when(patch({})).thenNothingHappened();
    });

    it('treats roles as a set', () => {
      spec
        .given([{ ...created, data: { ...created.data, roles: ['admin', 'viewer'] } }])
        .when(patch({ roles: ['viewer', 'admin', 'admin'] }))
        .thenNothingHappened();
    });

    it('changes only the password as UserPasswordChanged', () => {
      spec
        .given([created])
        .when(patch({ username: 'geralt' }, { passwordHash: NEW_HASH }))
        .then([{ type: 'UserPasswordChanged', data: { userId: 10, passwordHash: NEW_HASH } }]);
    });

    it('carries a new password hash with other changes in the one UserUpdated', () => {
      spec
        .given([created])
        .when(patch({ fullName: 'Geralt' }, { passwordHash: NEW_HASH }))
        .then([
          {
            type: 'UserUpdated',
            data: { userId: 10, changes: { fullName: 'Geralt' }, passwordHash: NEW_HASH },
          },
        ]);
    });

    it('moves status any to any', () => {
      for (const from of USER_STATUSES) {
        for (const to of USER_STATUSES.filter((s) => s !== from)) {
          spec
            .given([{ ...created, data: { ...created.data, status: from } }])
            .when(patch({ status: to }))
            .then([{ type: 'UserUpdated', data: { userId: 10, changes: { status: to } } }]);
        }
      }
    });

    it('reports invalid fields, before looking the user up', () => {
      spec
        .given([])
        .when(patch({ status: 'banned', fullName: 'x'.repeat(256) }))
        .thenThrows({
          kind: 'invalid',
          errors: [
            { field: 'full_name', code: 'user.full_name.invalid' },
            { field: 'status', code: 'user.status.invalid', message: '"banned" is not a valid choice.' },
          ],
        });
    });

    it('answers 404 for a missing or deleted user', () => {
      spec
        .given([])
        .when(patch({ fullName: 'x' }))
        .thenThrows(notFound);
      spec
        .given([created, deleted])
        .when(patch({ fullName: 'x' }))
        .thenThrows(notFound);
    });

    it('checks the expected revision, even for a write that changes nothing', () => {
      spec
        .given([created])
        .when(patch({}, { expected: stale }))
        .thenThrows(staleBody);
      spec
        .given([created])
        .when(patch({ fullName: 'x' }, { expected: { revision: 3, source: 'if_match' } }))
        .thenThrows(staleIfMatch);
      spec
        .given([created])
        .when(patch({ fullName: 'x' }, { expected: { revision: 1, source: 'if_match' } }))
        .then([{ type: 'UserUpdated', data: { userId: 10, changes: { fullName: 'x' } } }]);
    });
  });

  describe('UpdateUser (PUT)', () => {
    const full: UserEvent = {
      ...created,
      data: {
        ...created.data,
        email: 'g@rivia.org',
        fullName: 'Geralt',
        status: 'active',
        roles: ['admin'],
        profile: { a: 1 },
      },
    };

    it('sets absent fields to their defaults, password unchanged', () => {
      spec
        .given([full])
        .when(replace({ username: 'geralt', status: 'active' }))
        .then([
          {
            type: 'UserUpdated',
            data: { userId: 10, changes: { email: null, fullName: null, roles: [], profile: {} } },
          },
        ]);
    });

    it('appends nothing when the body equals the user', () => {
      spec
        .given([full])
        .when(
          replace({
            username: 'geralt',
            email: 'g@rivia.org',
            fullName: 'Geralt',
            status: 'active',
            roles: ['admin'],
            profile: { a: 1 },
          }),
        )
        .thenNothingHappened();
    });

    it('requires the username', () => {
      spec
        .given([full])
        .when(replace({ status: 'active' }))
        .thenThrows({
          kind: 'invalid',
          errors: [{ field: 'username', code: 'user.username.invalid', message: 'This field is required.' }],
        });
    });
  });

  describe('ResetUserKey', () => {
    it('bumps the key generation', () => {
      spec
        .given([created, { type: 'UserKeyReset', data: { userId: 10, keyGeneration: 1 } }])
        .when({ type: 'ResetUserKey', data: { userId: 10 } })
        .then([{ type: 'UserKeyReset', data: { userId: 10, keyGeneration: 2 } }]);
    });

    it('answers 404 for a missing or deleted user', () => {
      spec
        .given([])
        .when({ type: 'ResetUserKey', data: { userId: 10 } })
        .thenThrows(notFound);
      spec
        .given([created, deleted])
        .when({ type: 'ResetUserKey', data: { userId: 10 } })
        .thenThrows(notFound);
    });

    it('checks the expected revision', () => {
      spec
        .given([created])
        .when({ type: 'ResetUserKey', data: { userId: 10, expected: stale } })
        .thenThrows(staleBody);
    });
  });

  describe('DeleteUser', () => {
    it('deletes a user', () => {
      spec
        .given([created])
        .when({ type: 'DeleteUser', data: { userId: 10 } })
        .then([deleted]);
    });

    it('answers 404 for a missing or deleted user', () => {
      spec
        .given([])
        .when({ type: 'DeleteUser', data: { userId: 10 } })
        .thenThrows(notFound);
      spec
        .given([created, deleted])
        .when({ type: 'DeleteUser', data: { userId: 10 } })
        .thenThrows(notFound);
    });

    it('checks the expected revision', () => {
      spec
        .given([created])
        .when({ type: 'DeleteUser', data: { userId: 10, expected: { revision: 3, source: 'if_match' } } })
        .thenThrows(staleIfMatch);
    });
  });

  describe('evolve', () => {
    it('folds everything the user JSON needs', () => {
      const admin = { kind: 'account', id: '1' } as const;
      const self = { kind: 'user', id: '10' } as const;
      const state = fold(userDecider, [
        recorded(created, { occurredAt: 't1', actor: admin }),
        recorded(
          {
            type: 'UserUpdated',
            data: { userId: 10, changes: { fullName: 'Geralt' }, passwordHash: NEW_HASH },
          },
          { occurredAt: 't2', actor: self },
        ),
        recorded(
          { type: 'UserKeyReset', data: { userId: 10, keyGeneration: 1 } },
          { occurredAt: 't3', actor: admin },
        ),
      ]);
      expect(state).toEqual({
        revision: 3,
        user: {
          id: 10,
          username: 'geralt',
          email: null,
          fullName: 'Geralt',
          status: 'unverified',
          roles: [],
          profile: {},
          keyGeneration: 1,
          passwordHash: NEW_HASH,
          createdAt: 't1',
          createdBy: admin,
          updatedAt: 't3',
          updatedBy: admin,
          deletedAt: null,
        },
      });
    });

    it('keeps a deleted user for audit, with the deletion time', () => {
      const state = fold(userDecider, [recorded(created), recorded(deleted, { occurredAt: 't9' })]);
      expect(state.user?.deletedAt).toBe('t9');
      expect(state.revision).toBe(2);
    });
  });

  describe('properties', () => {
    const fieldsArb: fc.Arbitrary<UserFields> = fc.record({
      username: fc.stringMatching(/^[A-Za-z0-9.@+_-]{1,20}$/),
      email: fc.option(fc.emailAddress().filter((e) => e.length <= 254)),
      fullName: fc.option(fc.string({ maxLength: 30 })),
      status: fc.constantFrom(...USER_STATUSES),
      roles: fc.uniqueArray(fc.constantFrom(...ROLES)).map((roles) => roles.toSorted()),
      profile: fc.dictionary(
        fc.string({ maxLength: 8 }).filter((k) => !RESERVED_PROFILE_KEYS.includes(k)),
        fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
        { maxKeys: 4 },
      ),
    });
    const createdWith = (fields: UserFields): Recorded<UserEvent> =>
      recorded({ type: 'UserCreated', data: { userId: 10, ...fields, passwordHash: HASH } });

    it('a PATCH of any subset of the current values appends nothing', () => {
      fc.assert(
        fc.property(fieldsArb, fc.subarray(USER_FIELD_NAMES), (fields, names) => {
          const state = fold(userDecider, [createdWith(fields)]);
          const body = Object.fromEntries(names.map((name) => [name, fields[name]]));
          expect(userDecider.decide(patch(body), state)).toEqual([]);
        }),
      );
    });

    it('a PUT of the current values appends nothing', () => {
      fc.assert(
        fc.property(fieldsArb, (fields) => {
          const state = fold(userDecider, [createdWith(fields)]);
          expect(userDecider.decide(replace(fields), state)).toEqual([]);
        }),
      );
    });

    it('a PATCH takes the user to exactly the body, and the revision counts the events', () => {
      fc.assert(
        fc.property(fieldsArb, fc.array(fieldsArb, { maxLength: 5 }), (first, bodies) => {
          let state = fold(userDecider, [createdWith(first)]);
          let count = 1;
          for (const body of bodies) {
            const events = userDecider.decide(patch(body), state);
            expect(events.length).toBeLessThanOrEqual(1);
            state = events.map((e) => recorded(e)).reduce(userDecider.evolve, state);
            count += events.length;
            expect(state.revision).toBe(count);
            const { username, email, fullName, status, roles, profile } = state.user!;
            expect({ username, email, fullName, status, roles, profile }).toEqual(body);
          }
        }),
      );
    });
  });
});
