import type { Projection } from '../projections/projection.js';
import { quoteSchema } from '../schema/schema-name.js';

/**
 * A test projection that is deliberately not idempotent: it adds each batch's event count to one
 * row, so an event applied twice (or lost) shows. `failWhen` simulates a crash after the rows
 * were written and before the checkpoint: the transaction must roll back as a whole.
 */
export function countingProjection(failWhen: () => boolean = () => false): Projection {
  return {
    name: 'event-counter',
    tables: ['event_counter'],
    writer(schema) {
      const table = `${quoteSchema(schema)}.event_counter`;
      return {
        writes(events) {
          const crash = failWhen()
            ? [
                {
                  statement: `DO $$ BEGIN RAISE EXCEPTION 'simulated crash between apply and checkpoint'; END $$`,
                },
              ]
            : [];
          return [
            {
              statement: `CREATE TABLE IF NOT EXISTS ${table} (id integer PRIMARY KEY, events integer NOT NULL)`,
            },
            {
              statement: `INSERT INTO ${table} AS c (id, events) VALUES (1, $1)
                          ON CONFLICT (id) DO UPDATE SET events = c.events + excluded.events`,
              params: [events.length],
            },
            ...crash,
          ];
        },
      };
    },
  };
}

/** How many events the counting projection has applied in `schema`. */
export async function countedEvents(
  query: (text: string) => Promise<{ events: number }[]>,
  schema: string,
): Promise<number> {
  const [row] = await query(`SELECT events FROM ${quoteSchema(schema)}.event_counter WHERE id = 1`);
  return row?.events ?? 0;
}
