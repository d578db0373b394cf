import type { JsonObject, UserEvent } from '#domain';
import type { RecordedEvent, SqlStatement } from '#event-store';
import { namedStatement } from '../schema/named-statement.js';
import { quoteSchema } from '../schema/schema-name.js';
import { resourceOf, type Projection, type ProjectionWriter, type Typed } from './projection.js';
import type { SqlWrite } from './sql-write.js';

/** The JSON type of a profile value, as `GET {i}/classes/user_profile/` lists it. */
export type ProfileFieldType = 'string' | 'integer' | 'float' | 'boolean' | 'object' | 'array' | 'null';

/** The type of a value: a number is 'integer' when it has no fraction. */
export function profileFieldType(value: unknown): ProfileFieldType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'object';
}

/**
 * The custom profile keys used in each instance and their latest type. A key stays once used; a
 * null value names the key but never replaces a known type.
 */
export const profileFieldsProjection: Projection = {
  name: 'profile-fields',
  tables: ['profile_fields'],
  writer(schema: string): ProjectionWriter {
    const upsert: SqlStatement = namedStatement(
      'profile_fields_upsert',
      `INSERT INTO ${quoteSchema(schema)}.profile_fields AS t (instance, key, type)
             SELECT instance, key, type FROM jsonb_to_recordset($1::jsonb) AS r(instance text, key text, type text)
             ON CONFLICT (instance, key) DO UPDATE SET type = excluded.type WHERE excluded.type <> 'null'`,
    );
    return {
      writes(events: readonly RecordedEvent[]): SqlWrite[] {
        const fields = new Map<string, { instance: string; key: string; type: ProfileFieldType }>();
        for (const event of events) {
          const profile = profileOf(event);
          if (profile === null) continue;
          const instance = resourceOf(event)!.instance;
          for (const [key, value] of Object.entries(profile)) {
            // Instance names have no spaces, so the first one ends the instance.
            const id = `${instance} ${key}`;
            const type = profileFieldType(value);
            if (type === 'null' && fields.has(id)) continue;
            fields.set(id, { instance, key, type });
          }
        }
        return fields.size > 0 ? [{ statement: upsert, params: [JSON.stringify([...fields.values()])] }] : [];
      },
    };
  },
};

/** The profile a user event sets, or null. */
function profileOf(event: RecordedEvent): JsonObject | null {
  if (resourceOf(event)?.kind !== 'user') return null;
  const typed = event as Typed<UserEvent>;
  if (typed.type === 'UserCreated') return typed.data.profile;
  if (typed.type === 'UserUpdated') return typed.data.changes.profile ?? null;
  return null;
}
