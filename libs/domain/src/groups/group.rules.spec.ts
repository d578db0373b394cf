import {
  GROUP_NAME_MESSAGE,
  validateGroupFields,
  validateGroupLabel,
  validateGroupName,
} from './group.rules.js';

describe('group value rules', () => {
  it('bounds labels to 1–64 characters', () => {
    expect(validateGroupLabel('witchers')).toEqual([]);
    expect(validateGroupLabel('x'.repeat(64))).toEqual([]);
    expect(validateGroupLabel('')).toEqual(['This field may not be blank.']);
    expect(validateGroupLabel('x'.repeat(65))).toEqual(['Ensure this field has no more than 64 characters.']);
  });

  it('takes lowercase names only', () => {
    expect(validateGroupName('school-of.the_wolf-1')).toEqual([]);
    expect(validateGroupName('Wolves')).toEqual([GROUP_NAME_MESSAGE]);
    expect(validateGroupName('wolf pack')).toEqual([GROUP_NAME_MESSAGE]);
    expect(validateGroupName('')).toEqual(['This field may not be blank.']);
    expect(validateGroupName('x'.repeat(65))).toEqual(['Ensure this field has no more than 64 characters.']);
  });

  it('reports every failing field at once, required ones when absent, null name as none', () => {
    expect(validateGroupFields({ label: '', name: 'X' })).toEqual([
      { field: 'label', code: 'group.label.invalid', message: 'This field may not be blank.' },
      { field: 'name', code: 'group.name.invalid', message: GROUP_NAME_MESSAGE },
    ]);
    expect(validateGroupFields({ name: null }, ['label'])).toEqual([
      { field: 'label', code: 'group.label.invalid', message: 'This field is required.' },
    ]);
  });
});
