// Jest runs TypeScript as ES modules (Nest 12 is ESM): ts-jest with useESM under
// `node --experimental-vm-modules`. Three tiers, selected by file suffix.
const libs = ['domain', 'event-store', 'read-models', 'messaging', 'platform'];

const base = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((lib) => [`^#${lib}$`, `<rootDir>/libs/${lib}/src/index.ts`])),
    ...Object.fromEntries(libs.map((lib) => [`^#${lib}/(.*?)(\\.js)?$`, `<rootDir>/libs/${lib}/src/$1`])),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};

export default {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
      // The Kafka suites share one broker per run, started by the first that needs it (test/support/kafka.ts).
      globalSetup: '<rootDir>/test/support/kafka-global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/kafka-global-teardown.mjs',
    },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
  // Real services and whole apps start in beforeAll: a first PGlite initdb alone takes seconds.
  // (Jest reads this option from the root config only.)
  testTimeout: 60_000,
};
