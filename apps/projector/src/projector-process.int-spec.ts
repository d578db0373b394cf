import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '#platform';
import { InstanceRepository } from '#read-models';
import { startProjectorProcess, type ProjectorProcess } from './projector-process.js';

describe('the standalone projector process', () => {
  let dataDir: string;
  let running: ProjectorProcess | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'roster-projector-'));
  });
  afterEach(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the configured store, projects what is appended, and stops cleanly', async () => {
    const config = loadConfig({ EVENT_STORE: 'pglite', DATA_DIR: dataDir, DATABASE_SCHEMA: 'elsewhere' });
    running = await startProjectorProcess(config, pino({ level: 'silent' }));
    const metadata = {
      actor: { kind: 'system', id: 'test' },
      requestId: null,
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: '2024-01-01T00:00:00.000001Z',
      schemaVersion: 1,
    } as const;
    const { position } = await running.storage.store.append(
      'instance-acme',
      [
        {
          id: randomUUID(),
          type: 'InstanceCreated',
          data: { instanceId: 1, name: 'acme', description: '' },
          metadata,
        },
      ],
      'no_stream',
    );
    expect(await running.projector.waitFor(position, 10_000)).toBe(true);
    expect(await new InstanceRepository(running.storage.sql, 'elsewhere').exists('acme')).toBe(true);
    expect(running.projector.status().caughtUp).toBe(true);
  }, 60_000);
});
