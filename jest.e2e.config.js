/**
 * End-to-end suite (test/e2e): real podman, run by `npm run test:e2e` through scripts/e2e/run.sh,
 * which prepares the engine and tears everything down. `npm test` does not run it.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 5 * 60_000,
  maxWorkers: 1,
};
