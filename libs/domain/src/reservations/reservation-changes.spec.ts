import { combinePlans, reservationPlan } from './reservation-changes.js';

describe('reservation plans', () => {
  it('reserves on create and releases on delete', () => {
    expect(reservationPlan('username', null, 'Geralt')).toEqual({
      reserve: [{ kind: 'username', value: 'Geralt' }],
      release: [],
    });
    expect(reservationPlan('email', 'g@rivia.org', null)).toEqual({
      reserve: [],
      release: [{ kind: 'email', value: 'g@rivia.org' }],
    });
  });

  it('reserves the new value and releases the old one on a rename', () => {
    expect(reservationPlan('groupname', 'wolf', 'cat')).toEqual({
      reserve: [{ kind: 'groupname', value: 'cat' }],
      release: [{ kind: 'groupname', value: 'wolf' }],
    });
  });

  it('keeps the reservation when only the case changes, or nothing does', () => {
    expect(reservationPlan('username', 'Geralt', 'geralt')).toEqual({ reserve: [], release: [] });
    expect(reservationPlan('email', null, null)).toEqual({ reserve: [], release: [] });
  });

  it('combines the plans of several fields', () => {
    expect(
      combinePlans(reservationPlan('username', 'a', 'b'), reservationPlan('email', null, 'b@rivia.org')),
    ).toEqual({
      reserve: [
        { kind: 'username', value: 'b' },
        { kind: 'email', value: 'b@rivia.org' },
      ],
      release: [{ kind: 'username', value: 'a' }],
    });
  });
});
