/** Tests live under test/, mirroring the module they test (lib/x.ts -> test/lib/x.test.ts). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // Suites start real servers (PostgreSQL databases, redis-server, S3): two cores, so two workers.
  maxWorkers: 2,
  testTimeout: 20000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
