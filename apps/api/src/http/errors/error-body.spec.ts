import { errorBody } from './error-body.js';

describe('errorBody', () => {
  it('renders a detail problem as a string', () => {
    expect(errorBody([{ field: 'detail', code: 'resource.not_found', message: 'Not found.' }])).toEqual({
      body: { detail: 'Not found.' },
      codes: 'resource.not_found',
    });
  });

  it('groups field messages and lists each code once', () => {
    const result = errorBody([
      { field: 'username', code: 'user.username.invalid', message: 'This field may not be blank.' },
      { field: 'password', code: 'user.password.invalid', message: 'This field is required.' },
      { field: 'username', code: 'user.username.invalid', message: 'Another.' },
      {
        field: '__all__',
        code: 'membership.conflict',
        message: 'Membership with this User and Group already exists.',
      },
    ]);
    expect(result.body).toEqual({
      username: ['This field may not be blank.', 'Another.'],
      password: ['This field is required.'],
      __all__: ['Membership with this User and Group already exists.'],
    });
    expect(result.codes).toBe('user.username.invalid,user.password.invalid,membership.conflict');
  });
});
