/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  // *.pg.test.ts compare SQLite with PostgreSQL and need a server: they run under `npm run test:pg`.
  // *.browser.test.ts need Chromium: they run under `npm run test:browser` only, so `npm test` needs no browser.
  testPathIgnorePatterns: [
    '/node_modules/',
    ...(process.env.HOEGO_TEST_DB === 'postgres' ? [] : ['\\.pg\\.test\\.ts$']),
    ...(process.env.HOEGO_TEST_BROWSER === '1' ? [] : ['\\.browser\\.test\\.ts$']),
  ],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // fastify's inject (light-my-request) requires `cookie`, which ships only as an ES module; Jest's CommonJS
    // runtime cannot load that on Node 20, so it is compiled to CommonJS for the tests.
    '/node_modules/cookie/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 30000,
};
