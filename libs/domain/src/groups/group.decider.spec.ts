/* oxlint-disable jest/expect-expect -- decider specs assert inside deciderSpecification (then, thenThrows) */
import * as fc from 'fast-check';
import { fold } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { attempt, deciderSpecification, recorded } from '../testing/index.js';
import type { GroupCommand } from './group.commands.js';
import { groupDecider } from './group.decider.js';
import type { GroupEvent } from './group.events.js';

const spec = deciderSpecification(groupDecider);
const created: GroupEvent = {
  type: 'GroupCreated',
  data: { groupId: 1, label: 'witchers', description: '', name: null },
};
const deleted: GroupEvent = { type: 'GroupDeleted', data: { groupId: 1 } };
const added = (userId: number): GroupEvent => ({ type: 'MembershipAdded', data: { groupId: 1, userId } });
const removed = (
  userId: number,
  reason: 'removed' | 'user_deleted' | 'group_deleted' = 'removed',
): GroupEvent => ({
  type: 'MembershipRemoved',
  data: { groupId: 1, userId, reason },
});
const add = (userId: number, exists = true, bodyField: 'user' | 'group' = 'user'): GroupCommand => ({
  type: 'AddMembership',
  data: { groupId: 1, userId, user: { exists }, bodyField },
});
const remove = (userId: number, reason: 'removed' | 'user_deleted' = 'removed'): GroupCommand => ({
  type: 'RemoveMembership',
  data: { groupId: 1, userId, reason },
});
const notFound = {
  kind: 'not_found',
  errors: [{ field: 'detail', code: 'resource.not_found', message: 'Not found.' }],
} as const;

describe('group decider', () => {
  describe('CreateGroup', () => {
    it('creates a group with defaults', () => {
      spec
        .given([])
        .when({ type: 'CreateGroup', data: { groupId: 1, fields: { label: 'witchers' } } })
        .then([created]);
    });

    it('creates a group with a description and a name', () => {
      spec
        .given([])
        .when({
          type: 'CreateGroup',
          data: { groupId: 1, fields: { label: 'Wolves', description: 'd', name: 'wolf' } },
        })
        .then([
          { type: 'GroupCreated', data: { groupId: 1, label: 'Wolves', description: 'd', name: 'wolf' } },
        ]);
    });

    it('reports every invalid field at once', () => {
      spec
        .given([])
        .when({ type: 'CreateGroup', data: { groupId: 1, fields: { name: 'Wolf' } } })
        .thenThrows({
          kind: 'invalid',
          errors: [
            { field: 'label', code: 'group.label.invalid', message: 'This field is required.' },
            { field: 'name', code: 'group.name.invalid' },
          ],
        });
    });

    it('fails on an existing stream', () => {
      spec
        .given([created])
        .when({ type: 'CreateGroup', data: { groupId: 1, fields: { label: 'x' } } })
        .thenThrows({ kind: 'conflict', errors: [{ code: 'request.conflict' }] });
    });
  });

  describe('UpdateGroup', () => {
    const update = (
      mode: 'patch' | 'replace',
      fields: object,
      expected?: { revision: number; source: 'body' | 'if_match' },
    ) =>
      ({
        type: 'UpdateGroup',
        data: { groupId: 1, mode, fields, ...(expected && { expected }) },
      }) as GroupCommand;

    it('PATCH records only the fields that change', () => {
      spec
        .given([created])
        .when(update('patch', { label: 'witchers', description: 'of Kaer Morhen' }))
        .then([{ type: 'GroupUpdated', data: { groupId: 1, changes: { description: 'of Kaer Morhen' } } }]);
    });

    it('PUT sets absent fields to their defaults', () => {
      spec
        .given([{ ...created, data: { ...created.data, description: 'd', name: 'wolf' } }])
        .when(update('replace', { label: 'witchers' }))
        .then([{ type: 'GroupUpdated', data: { groupId: 1, changes: { description: '', name: null } } }]);
    });

    it('PUT requires the label', () => {
      spec
        .given([created])
        .when(update('replace', { description: 'd' }))
        .thenThrows({ kind: 'invalid', errors: [{ field: 'label', message: 'This field is required.' }] });
    });

    it('appends nothing when nothing changes', () => {
      spec
        .given([created])
        .when(update('patch', { label: 'witchers', name: null }))
        .thenNothingHappened();
      spec
        .given([created])
        .when(update('replace', { label: 'witchers' }))
        .thenNothingHappened();
    });

    it('answers 404 for a missing or deleted group', () => {
      spec
        .given([])
        .when(update('patch', { label: 'x' }))
        .thenThrows(notFound);
      spec
        .given([created, deleted])
        .when(update('patch', { label: 'x' }))
        .thenThrows(notFound);
    });

    it('checks the expected revision (memberships move it too)', () => {
      spec
        .given([created, added(9)])
        .when(update('patch', { label: 'x' }, { revision: 1, source: 'body' }))
        .thenThrows({
          kind: 'invalid',
          errors: [{ field: 'expected_revision', message: 'Revision mismatch. Expected 1, got 2.' }],
        });
      spec
        .given([created, added(9)])
        .when(update('patch', { label: 'x' }, { revision: 2, source: 'if_match' }))
        .then([{ type: 'GroupUpdated', data: { groupId: 1, changes: { label: 'x' } } }]);
    });
  });

  describe('DeleteGroup', () => {
    it('deletes the group, then ends each current membership in the same append', () => {
      spec
        .given([created, added(9), added(10), added(11), removed(10)])
        .when({ type: 'DeleteGroup', data: { groupId: 1 } })
        .then([deleted, removed(9, 'group_deleted'), removed(11, 'group_deleted')]);
    });

    it('answers 404 for a missing or deleted group', () => {
      spec
        .given([])
        .when({ type: 'DeleteGroup', data: { groupId: 1 } })
        .thenThrows(notFound);
      spec
        .given([created, deleted])
        .when({ type: 'DeleteGroup', data: { groupId: 1 } })
        .thenThrows(notFound);
    });

    it('checks the expected revision', () => {
      spec
        .given([created])
        .when({ type: 'DeleteGroup', data: { groupId: 1, expected: { revision: 5, source: 'if_match' } } })
        .thenThrows({
          kind: 'precondition',
          errors: [{ message: 'Precondition failed: current revision is 1.' }],
        });
    });
  });

  describe('AddMembership', () => {
    it('adds a member', () => {
      spec
        .given([created])
        .when(add(9))
        .then([added(9)]);
    });

    it('lets a former member join again', () => {
      spec
        .given([created, added(9), removed(9)])
        .when(add(9))
        .then([added(9)]);
    });

    it('rejects a duplicate membership', () => {
      spec
        .given([created, added(9)])
        .when(add(9))
        .thenThrows({
          kind: 'invalid',
          errors: [
            {
              field: '__all__',
              code: 'membership.conflict',
              message: 'Membership with this User and Group already exists.',
            },
          ],
        });
    });

    it('POST groups/{id}/users/: an unknown user in the body → 400, an unknown group in the path → 404', () => {
      spec
        .given([created])
        .when(add(99, false))
        .thenThrows({
          kind: 'invalid',
          errors: [
            {
              field: 'user',
              code: 'membership.user.invalid',
              message: 'Invalid pk "99" - object does not exist.',
            },
          ],
        });
      spec.given([]).when(add(9)).thenThrows(notFound);
      spec.given([created, deleted]).when(add(99, false)).thenThrows(notFound);
    });

    it('POST users/{id}/groups/: an unknown group in the body → 400, an unknown user in the path → 404', () => {
      spec
        .given([created, deleted])
        .when(add(9, true, 'group'))
        .thenThrows({
          kind: 'invalid',
          errors: [
            {
              field: 'group',
              code: 'membership.group.invalid',
              message: 'Invalid pk "1" - object does not exist.',
            },
          ],
        });
      spec
        .given([created])
        .when(add(9, false, 'group'))
        .thenThrows(notFound);
      spec
        .given([created])
        .when(add(9, true, 'group'))
        .then([added(9)]);
    });
  });

  describe('RemoveMembership', () => {
    it('removes a member', () => {
      spec
        .given([created, added(9)])
        .when(remove(9))
        .then([removed(9)]);
    });

    it('answers 404 for a non-member or a missing group', () => {
      spec.given([created]).when(remove(9)).thenThrows(notFound);
      spec
        .given([created, added(9), removed(9)])
        .when(remove(9))
        .thenThrows(notFound);
      spec.given([]).when(remove(9)).thenThrows(notFound);
    });

    it("ends a deleted user's membership, idempotently (the reactor)", () => {
      spec
        .given([created, added(9)])
        .when(remove(9, 'user_deleted'))
        .then([removed(9, 'user_deleted')]);
      spec
        .given([created, added(9), removed(9, 'user_deleted')])
        .when(remove(9, 'user_deleted'))
        .thenNothingHappened();
      spec.given([created]).when(remove(9, 'user_deleted')).thenNothingHappened();
      spec
        .given([created, added(9), deleted, removed(9, 'group_deleted')])
        .when(remove(9, 'user_deleted'))
        .thenNothingHappened();
      spec.given([]).when(remove(9, 'user_deleted')).thenNothingHappened();
    });
  });

  describe('evolve', () => {
    it('folds the group JSON, members and times (memberships move the revision, not updatedAt)', () => {
      const admin = { kind: 'api_key', id: '3' } as const;
      const state = fold(groupDecider, [
        recorded(created, { occurredAt: 't1', actor: admin }),
        recorded(added(9), { occurredAt: 't2' }),
        recorded(added(10), { occurredAt: 't3' }),
        recorded(
          { type: 'GroupUpdated', data: { groupId: 1, changes: { name: 'wolf' } } },
          { occurredAt: 't4', actor: admin },
        ),
        recorded(removed(9), { occurredAt: 't5', actor: admin }),
      ]);
      expect(state).toEqual({
        revision: 5,
        group: {
          id: 1,
          label: 'witchers',
          description: '',
          name: 'wolf',
          members: [10],
          createdAt: 't1',
          createdBy: admin,
          updatedAt: 't4',
          updatedBy: admin,
          deletedAt: null,
        },
      });
    });

    it('members are exactly those added and not removed since, for any sequence of commands', () => {
      const step = fc.record({ userId: fc.integer({ min: 1, max: 4 }), join: fc.boolean() });
      fc.assert(
        fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
          let state = fold(groupDecider, [recorded(created)]);
          let count = 1;
          const model = new Set<number>();
          for (const { userId, join } of steps) {
            const outcome = attempt(() =>
              groupDecider.decide(join ? add(userId) : remove(userId, 'user_deleted'), state),
            );
            expect(outcome instanceof DomainError).toBe(join && model.has(userId));
            const events = outcome instanceof DomainError ? [] : outcome;
            expect(events).toHaveLength(join === model.has(userId) ? 0 : 1);
            state = events.map((e) => recorded(e)).reduce(groupDecider.evolve, state);
            count += events.length;
            if (join) model.add(userId);
            else model.delete(userId);
            expect(new Set(state.group?.members)).toEqual(model);
            expect(state.revision).toBe(count);
          }
        }),
      );
    });
  });
});
