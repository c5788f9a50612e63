import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'jest.config.js', 'eslint.config.mjs', 'examples/*/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Services, the log writer, loaders, rules and everything below them speak plain TypeScript: numeric ids,
    // plain inputs, entities. GraphQL (its classes, global-ID parsing, the request context) stays above them.
    files: [
      'src/modules/**/*.service.ts',
      'src/modules/**/*.writer.ts',
      'src/modules/**/*.loaders.ts',
      'src/modules/**/*.rules.ts',
      'src/modules/**/*.entity.ts',
      'src/modules/request/**/*.ts',
      'src/loaders.ts',
      'src/services.ts',
      'src/ids.ts',
      'src/errors.ts',
      'src/db/**/*.ts',
      'src/domain/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)graphql(/|$)',
              message: 'Services stay below GraphQL: take numeric ids and plain inputs; the resolver parses and maps.',
            },
            { regex: '^type-graphql$', message: 'Services stay below GraphQL: no GraphQL classes here.' },
            {
              regex: '\\.(type|inputs|resolver)$',
              message: 'Services stay below GraphQL: declare a plain input type instead of importing a GraphQL one.',
            },
          ],
        },
      ],
    },
  },
  {
    // Plain Node scripts outside the TypeScript project.
    files: ['scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { process: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.test.ts', 'bench/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'assert*'] }],
      'jest/valid-expect': ['error', { alwaysAwait: true }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
