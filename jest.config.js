process.env.TZ = 'Asia/Shanghai';
// One jest run, four projects: pure units, functions on the local cloud, mini-program components, and
// the web preview in headless Chromium.
const swc = [
  '@swc/jest',
  { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
];
const common = {
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(mingo|bson)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // On a 2-core machine jest would run every file in its own main process, one after another, and the
  // module registries that files leave behind (SDK agents, bson, esbuild) add up to a 4 GB heap and an
  // out-of-memory abort late in CI. A memory limit makes jest run files in a worker and start a fresh
  // one whenever a file leaves it above the limit.
  workerIdleMemoryLimit: '1GB',
  projects: [
    { ...common, displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/integration/global-setup.ts',
    },
    {
      ...common,
      displayName: 'ui',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/ui/**/*.test.ts'],
      setupFiles: ['<rootDir>/tests/ui/setup.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
      globalSetup: '<rootDir>/tests/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/tests/e2e/global-teardown.ts',
    },
  ],
};
