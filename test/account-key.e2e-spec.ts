import { jest } from '@jest/globals';
import { as, startTestApp } from './support/test-app.js';

/** Starts the app with no configured account key, returning what it printed to stderr. */
async function startCapturingStderr(dataDir?: string) {
  const printed: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  try {
    const api = await startTestApp({ ROSTER_ACCOUNT_KEY: '' }, dataDir);
    return { api, printed: printed.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('the generated account key', () => {
  it('is printed once on the first start, works, and is not printed again', async () => {
    const first = await startCapturingStderr();
    const key = /account key \(shown once, keep it safe\): ([0-9a-f]{40})/.exec(first.printed)?.[1];
    expect(key).toBeDefined();
    const listed = await first.api.request({ method: 'GET', url: '/v1.1/instances/', headers: as(key!) });
    expect(listed.statusCode).toBe(200);
    await first.api.close({ remove: false });

    const second = await startCapturingStderr(first.api.dataDir);
    try {
      expect(second.printed).not.toContain('account key');
      const again = await second.api.request({ method: 'GET', url: '/v1.1/instances/', headers: as(key!) });
      expect(again.statusCode).toBe(200);
    } finally {
      await second.api.close();
    }
  });
});
