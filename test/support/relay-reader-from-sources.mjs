// The relay's reader thread (libs/messaging/src/relay/relay-reader.worker.ts) run from its sources,
// for jest suites: jest's module system is not passed on to worker threads, so this script loads
// the sources through the same hooks as the spawned apps (ts-hooks.mjs) before importing it.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
await import('../../libs/messaging/src/relay/relay-reader.worker.ts');
