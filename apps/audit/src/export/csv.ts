import type { EventRecord } from '../events/event-record.js';

/** The export's CSV columns, in order; `data` is the event's JSON (secrets redacted). */
export const CSV_COLUMNS = [
  'position',
  'occurred_at',
  'stream',
  'revision',
  'id',
  'type',
  'actor_kind',
  'actor_id',
  'request_id',
  'correlation_id',
  'causation_id',
  'schema_version',
  'data',
] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvHeader = (): string => `${CSV_COLUMNS.join(',')}\r\n`;

export function csvRow(record: EventRecord): string {
  const fields = [
    record.position,
    record.occurredAt,
    record.stream,
    record.revision,
    record.id,
    record.type,
    record.actor?.kind ?? null,
    record.actor?.id ?? null,
    record.requestId,
    record.correlationId,
    record.causationId,
    record.schemaVersion,
    JSON.stringify(record.data),
  ];
  return `${fields.map(csvField).join(',')}\r\n`;
}
