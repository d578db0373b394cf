import { rmSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { DestinationStream } from 'pino';
import { loadConfig } from '#platform';
import { createApp } from '../../apps/api/src/create-app.js';
import { freshDataDir } from './pglite-template.js';

export const ACCOUNT_KEY = 'test-account-key-0123456789abcdef';

/** The API on a fresh embedded store, driven in-process (Fastify inject: no sockets). */
export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly dataDir: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Stops the app; the data directory stays unless `remove`. */
  close(options?: { remove?: boolean }): Promise<void>;
}

/** Test defaults: cheap argon2, silent logs, a known account key; `env` overrides them. */
export async function startTestApp(
  env: Record<string, string> = {},
  dataDir?: string,
  logDestination?: DestinationStream,
): Promise<TestApp> {
  const dir = dataDir ?? (await freshDataDir());
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '64',
    ARGON2_PASSES: '1',
    ROSTER_ACCOUNT_KEY: ACCOUNT_KEY,
    DATA_DIR: dir,
    ...env,
  });
  const app = await createApp(config, logDestination);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    dataDir: dir,
    request: (options) => app.inject(options),
    async close({ remove = true } = {}) {
      await app.close();
      if (remove) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Headers for a key (and optionally a user key). */
export const as = (key: string, userKey?: string): Record<string, string> => ({
  'x-api-key': key,
  ...(userKey && { 'x-user-key': userKey }),
});

/** A request as the account key that must succeed: any status from 300 up throws with the body. */
export async function sendAsAccount(
  api: TestApp,
  method: InjectOptions['method'],
  url: string,
  payload?: object,
) {
  const response = await api.request({ method, url, headers: as(ACCOUNT_KEY), ...(payload && { payload }) });
  if (response.statusCode >= 300)
    throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.statusCode === 204 ? null : response.json();
}
