import { DomainError } from '#domain';
import { BodyValidationPipe } from './body-validation.pipe.js';
import { BooleanRule, IdRule, ListRule, ObjectRule, StringRule } from './body-rules.js';
import { ErrorResource } from './validation-problem.js';

const short = (value: string) =>
  value.length > 3 ? ['Ensure this field has no more than 3 characters.'] : [];

@ErrorResource('thing')
class ThingBody {
  @StringRule(short, { required: true }) name!: string;
  @StringRule(short, { nullable: true }) nickname?: string | null;
  @IdRule() owner?: number;
  @BooleanRule() active?: boolean;
  @ListRule() tags?: unknown[];
  @ObjectRule() profile?: Record<string, unknown>;
}

const pipe = new BodyValidationPipe();
const validate = (body: unknown) => pipe.transform(body, { type: 'body', metatype: ThingBody });

async function problemOf(body: unknown): Promise<DomainError> {
  try {
    await validate(body);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a validation problem');
}

describe('BodyValidationPipe', () => {
  it('keeps valid fields and drops unknown ones', async () => {
    await expect(
      validate({ name: 'abc', nickname: null, owner: 3, extra: 'x', instanceName: 'y' }),
    ).resolves.toEqual(Object.assign(new ThingBody(), { name: 'abc', nickname: null, owner: 3 }));
  });

  it('reports every bad field at once with the resource in the code', async () => {
    const problem = await problemOf({ name: 'toolong', owner: 'x', active: 'yes', tags: 'a', profile: [] });
    expect(problem.kind).toBe('invalid');
    expect(problem.errors).toEqual([
      {
        field: 'name',
        code: 'thing.name.invalid',
        message: 'Ensure this field has no more than 3 characters.',
      },
      { field: 'owner', code: 'thing.owner.invalid', message: 'A valid integer is required.' },
      { field: 'active', code: 'thing.active.invalid', message: 'Must be a valid boolean.' },
      { field: 'tags', code: 'thing.tags.invalid', message: 'Expected a list of items.' },
      { field: 'profile', code: 'thing.profile.invalid', message: 'Expected a dictionary of items.' },
    ]);
  });

  it('says a required field is required, absent or null', async () => {
    for (const body of [{}, { name: null }, undefined]) {
      expect((await problemOf(body)).errors).toEqual([
        { field: 'name', code: 'thing.name.invalid', message: 'This field is required.' },
      ]);
    }
  });

  it('refuses null where it is not allowed, and wrong types', async () => {
    expect((await problemOf({ name: 'a', owner: null })).errors[0]?.message).toBe(
      'This field may not be null.',
    );
    expect((await problemOf({ name: 5 })).errors[0]?.message).toBe('Not a valid string.');
  });

  it('refuses a body that is not an object', async () => {
    for (const body of [[1, 2], 'text', 42]) {
      expect((await problemOf(body)).errors[0]?.code).toBe('request.body.invalid');
    }
  });
});
