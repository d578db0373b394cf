import { logProcessWarnings } from '#messaging';
import { ConfigError, loadConfig } from '#platform';
import { createApp } from './create-app.js';
import type { Runtime } from './infrastructure/runtime.js';
import { RUNTIME } from './infrastructure/runtime.token.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  // Into the JSON log, not stderr's plain text (the relay's producer thread routes its own the same way).
  logProcessWarnings(app.get<Runtime>(RUNTIME).logger);
  await app.listen({ port: config.port, host: '0.0.0.0' });
}

main().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: one clear message, no stack trace.
  process.stderr.write(
    error instanceof ConfigError ? `${error.message}\n` : `${String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
