// Module hooks that let a child process run the apps' TypeScript sources as they are (no build), for
// tests that kill and restart a real process: `node --import ./test/support/ts-register.mjs app.ts`.
// Each file is transpiled on its own (no type check: `npm run typecheck` does that), and the `#lib`
// imports resolve to libs/<lib>/src like jest's moduleNameMapper, not to dist/.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = new URL('../../', import.meta.url);
const LIBS = new Set(['domain', 'event-store', 'read-models', 'messaging', 'platform']);
const compilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2023,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  useDefineForClassFields: true,
  inlineSourceMap: true,
};

export function resolve(specifier, context, next) {
  const lib = /^#([a-z-]+)(?:\/(.+?))?(?:\.js)?$/.exec(specifier);
  if (lib && LIBS.has(lib[1])) {
    return { url: new URL(`libs/${lib[1]}/src/${lib[2] ?? 'index'}.ts`, root).href, shortCircuit: true };
  }
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const url = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
    if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(readFileSync(fileName, 'utf8'), { fileName, compilerOptions });
  return { format: 'module', source: outputText, shortCircuit: true };
}
