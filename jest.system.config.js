/**
 * Checks that need system tools (Debian's docker-compose, shellcheck, graphviz, python3 with PyYAML,
 * unshare) or time: the kill test, a real full disk. `.ci/suites/system-tools.sh` installs the tools
 * and runs this; `npm test` does not, so it passes with only Node and npm.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/system'],
  testPathIgnorePatterns: ['/node_modules/'],
};
