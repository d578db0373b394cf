import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSecret } from './server-secret.js';

describe('loadOrCreateSecret', () => {
  it('prefers the configured secret and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-secret-'));
    expect(loadOrCreateSecret('x'.repeat(32), dir)).toBe('x'.repeat(32));
    expect(() => statSync(join(dir, 'server-secret'))).toThrow(/ENOENT/);
  });

  it('generates one secret on first start, private to the owner, and keeps it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-secret-'));
    const first = loadOrCreateSecret(null, dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dir, 'server-secret')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(null, dir)).toBe(first);
  });
});
