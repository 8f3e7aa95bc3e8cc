// ESLint flat config: type-checked typescript-eslint, mocha rules, prettier, and the layer rule
// (see README "Architecture"): the domain never imports the Bot Framework, HTTP or logging libraries,
// and only src/channel and the transcript harness may import botbuilder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import mocha from 'eslint-plugin-mocha';
import prettier from 'eslint-config-prettier';

const sdkPackages = ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/agents-*'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'artifacts/', 'eslint.config.js', '.mocharc.cjs'] },
  js.configs.recommended,
  {
    // Browser script served with the Web Chat page (plain JS, not part of the TS project).
    files: ['src/http/webchat/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { window: 'readonly', document: 'readonly', fetch: 'readonly' } },
  },
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({
    ...c,
    ignores: ['src/http/webchat/**'],
  })),
  {
    ignores: ['src/http/webchat/**'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts', 'src/shared/**/*.ts', 'src/presentation/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...sdkPackages, 'restify', 'restify-*'],
              message: 'The domain, shared and presentation layers must not depend on the channel.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...sdkPackages, 'restify', 'restify-*', 'winston', 'mustache'],
              message:
                'src/domain is plain TypeScript: no SDK, HTTP, logging or templating import.',
            },
            {
              group: ['**/presentation/**', '**/channel/**', '**/http/**', '**/dialogs/**'],
              message: 'src/domain may import only from src/domain and src/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['dialogs/**/*.ts', 'src/http/**/*.ts', 'src/main.ts', 'src/composition.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: sdkPackages,
              message:
                'Import Bot Framework symbols through src/channel/sdk.ts (the one SDK seam).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    ...mocha.configs.recommended,
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      'mocha/no-mocha-arrows': 'error',
      'mocha/no-exclusive-tests': 'error',
      'mocha/no-setup-in-describe': 'off',
      'mocha/max-top-level-suites': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  prettier,
);
