import { profileFieldType } from './profile-fields.projection.js';

describe('profileFieldType', () => {
  it.each([
    ['text', 'string'],
    [3, 'integer'],
    [3.5, 'float'],
    [true, 'boolean'],
    [null, 'null'],
    [[1], 'array'],
    [{ a: 1 }, 'object'],
  ])('%j is %s', (value, type) => {
    expect(profileFieldType(value)).toBe(type);
  });
});
