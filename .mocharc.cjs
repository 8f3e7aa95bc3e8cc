// Mocha configuration. TypeScript runs through tsx; in CI a skipped (pending) test fails the run.
module.exports = {
  'node-option': ['import=tsx'],
  extension: ['ts'],
  spec: ['test/**/*.test.ts'],
  require: ['test/support/setup.ts'],
  timeout: 20000,
  'forbid-only': true,
  'forbid-pending': Boolean(process.env.CI),
  exit: true,
};
