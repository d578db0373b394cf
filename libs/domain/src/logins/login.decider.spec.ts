/* oxlint-disable jest/expect-expect -- decider specs assert inside deciderSpecification (then, thenThrows) */
import { fold } from '../shared/decider.js';
import { deciderSpecification, recorded } from '../testing/index.js';
import { loginDecider, type LoginEvent } from './login.decider.js';

const login: LoginEvent = { type: 'UserLoggedIn', data: { userId: 10 } };

describe('login decider', () => {
  it('records a login', () => {
    deciderSpecification(loginDecider)
      .given([login])
      .when({ type: 'RecordLogin', data: { userId: 10 } })
      .then([login]);
  });

  it('keeps the last login time', () => {
    expect(fold(loginDecider, [])).toEqual({ revision: 0, lastLoginAt: null });
    expect(
      fold(loginDecider, [recorded(login, { occurredAt: 't1' }), recorded(login, { occurredAt: 't2' })]),
    ).toEqual({
      revision: 2,
      lastLoginAt: 't2',
    });
  });
});
