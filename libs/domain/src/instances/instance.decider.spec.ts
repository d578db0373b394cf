/* oxlint-disable jest/expect-expect -- decider specs assert inside deciderSpecification (then, thenThrows) */
import type { InstanceEvent } from './instance.events.js';
import { instanceDecider } from './instance.decider.js';
import { deciderSpecification } from '../testing/index.js';

const spec = deciderSpecification(instanceDecider);
const created: InstanceEvent = {
  type: 'InstanceCreated',
  data: { instanceId: 1, name: 'rivia', description: 'the witchers' },
};
const deleted: InstanceEvent = { type: 'InstanceDeleted', data: { instanceId: 1 } };

describe('instance decider', () => {
  describe('CreateInstance', () => {
    it('creates an instance, description defaulting to ""', () => {
      spec
        .given([])
        .when({ type: 'CreateInstance', data: { instanceId: 1, name: 'rivia' } })
        .then([{ type: 'InstanceCreated', data: { instanceId: 1, name: 'rivia', description: '' } }]);
    });

    it('rejects an invalid name', () => {
      spec
        .given([])
        .when({ type: 'CreateInstance', data: { instanceId: 1, name: 'Rivia' } })
        .thenThrows({ kind: 'invalid', errors: [{ field: 'name', code: 'instance.name.invalid' }] });
    });

    it('conflicts with an existing instance', () => {
      spec
        .given([created])
        .when({ type: 'CreateInstance', data: { instanceId: 2, name: 'rivia' } })
        .thenThrows({
          kind: 'conflict',
          errors: [
            {
              field: 'name',
              code: 'instance.name.conflict',
              message: 'Instance with this name already exists.',
            },
          ],
        });
    });

    it('never reuses a deleted name', () => {
      spec
        .given([created, deleted])
        .when({ type: 'CreateInstance', data: { instanceId: 2, name: 'rivia' } })
        .thenThrows({ kind: 'conflict', errors: [{ code: 'instance.name.conflict' }] });
    });
  });

  describe('DeleteInstance', () => {
    it('deletes an instance', () => {
      spec.given([created]).when({ type: 'DeleteInstance', data: {} }).then([deleted]);
    });

    it.each([
      ['missing', []],
      ['deleted', [created, deleted]],
    ])('answers 404 for a %s instance', (_, given) => {
      spec
        .given(given as InstanceEvent[])
        .when({ type: 'DeleteInstance', data: {} })
        .thenThrows({
          kind: 'not_found',
          errors: [{ field: 'detail', code: 'instance.not_found', message: 'Instance was not found.' }],
        });
    });
  });

  it('keeps creation time and actor, and counts revisions', () => {
    const state = [
      { ...created, metadata: { occurredAt: 't1', actor: { kind: 'account' as const, id: '1' } } },
      { ...deleted, metadata: { occurredAt: 't2' } },
    ].reduce(instanceDecider.evolve, instanceDecider.initialState());
    expect(state).toEqual({
      revision: 2,
      instance: {
        id: 1,
        name: 'rivia',
        description: 'the witchers',
        createdAt: 't1',
        createdBy: { kind: 'account', id: '1' },
        deletedAt: 't2',
      },
    });
  });
});
