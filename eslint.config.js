import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.build-test-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='vi'][callee.property.name='mock']", message: 'Fake the interface, not the import graph (STYLE.md).' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/test/**', 'vitest'], message: 'src/ must not know it is under test.' }] }],
    },
  },
  {
    // The use cases serve two doors (Slack and Alertmanager): they reach Slack only through their ports.
    files: ['src/requests/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/test/**', 'vitest'], message: 'src/ must not know it is under test.' },
            { group: ['@slack/*', '**/slack/*', '**/alerts/*'], message: 'The use cases talk to Slack and Alertmanager through ports (src/requests/request-door.ts, capture-board.ts, request-texts.ts); the adapters implement them.' },
          ],
        },
      ],
    },
  },
);
