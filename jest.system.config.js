/**
 * Checks that need system tools (Debian's docker-compose, shellcheck, python3 with PyYAML). `.ci/suites/system-tools.sh`
 * installs them and runs this; `npm test` does not, so it passes with only Node and npm.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/system'],
  testPathIgnorePatterns: ['/node_modules/'],
};
