/* oxlint-disable jest/expect-expect -- decider specs assert inside deciderSpecification (then, thenThrows) */
import * as fc from 'fast-check';
import { fold } from '../shared/decider.js';
import { deciderSpecification, recorded } from '../testing/index.js';
import { allocatedId, idCounterDecider, type IdEvent } from './id-allocation.js';

describe('id counter', () => {
  it('allocates with one IdAllocated naming the kind', () => {
    deciderSpecification(idCounterDecider)
      .given([{ type: 'IdAllocated', data: { kind: 'user' } }])
      .when({ type: 'AllocateId', data: { kind: 'user' } })
      .then([{ type: 'IdAllocated', data: { kind: 'user' } }]);
  });

  it('maps the append revision to the id: first event (revision 0) is id 1', () => {
    expect(allocatedId(0n)).toBe(1);
    expect(allocatedId(41n)).toBe(42);
  });

  it('counts every allocation', () => {
    fc.assert(
      fc.property(fc.nat({ max: 200 }), (n) => {
        const events = Array.from({ length: n }, (): IdEvent => ({
          type: 'IdAllocated',
          data: { kind: 'group' },
        }));
        expect(
          fold(
            idCounterDecider,
            events.map((e) => recorded(e)),
          ),
        ).toEqual({ revision: n, lastId: n });
      }),
    );
  });
});
