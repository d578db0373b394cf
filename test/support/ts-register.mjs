// `node --import ./test/support/ts-register.mjs apps/<app>/src/main.ts`: see ts-hooks.mjs. `npm test` runs
// jest with it too: jest does not pass its own module system on to worker threads, and these hooks
// let the threads the relay starts run from the sources as well (threads inherit `--import`).
// Synchronous hooks, on the thread that loads: `module.register` would run them on a loader thread
// of their own, one more V8 isolate beside PGlite's WebAssembly in every test process.
import { registerHooks } from 'node:module';
import { load, resolve } from './ts-hooks.mjs';

registerHooks({ resolve, load });
