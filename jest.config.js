import { createDefaultEsmPreset } from 'ts-jest';

// NestJS 12 is ESM-only: ts-jest's ESM preset, run with --experimental-vm-modules.
const preset = createDefaultEsmPreset({ tsconfig: 'tsconfig.json' });
const common = {
  ...preset,
  testEnvironment: 'node',
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

export default {
  globalSetup: '<rootDir>/test/support/global-setup.js',
  // e2e tests start real apps, dump tools and CLI processes.
  testTimeout: 60000,
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
