/** `npm run test:unit`: the unit tests only (test/support/unit-tests.js decides which), in seconds. */
const base = require('./jest.config');
const { unitTests } = require('./test/support/unit-tests');

module.exports = {
  ...base,
  testMatch: unitTests(__dirname).map((file) => `<rootDir>/${file}`),
};
