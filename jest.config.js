// ESM + TypeScript through ts-jest; tests import sources with `.js` suffixes like the code does.
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
  },
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/summary-reporter.cjs'],
  globalSetup: '<rootDir>/test/host-guard-setup.cjs',
  globalTeardown: '<rootDir>/test/host-guard-teardown.cjs',
};
