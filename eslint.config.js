// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/build/',
    '**/coverage/',
    '.data/',
    'clients/dist/',
    'clients/src/gql/', // generated
    '.ci/*.json',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // Kysely migrations must not depend on the app's current DB types: `Kysely<any>` is the documented pattern.
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // The build and start scripts: plain JavaScript run by Node before anything is built.
  { files: ['scripts/**/*.js'], languageOptions: { globals: globals.node } },
  // The web client: Svelte components with TypeScript, running in the browser.
  svelte.configs.recommended,
  {
    files: ['clients/src/**/*.{ts,svelte}', 'clients/src/**/*.svelte.ts'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
    // Maps and Sets built inside a derived computation, or kept as non-reactive bookkeeping, are not state.
    rules: { 'svelte/prefer-svelte-reactivity': 'off' },
  },
  prettier,
  svelte.configs.prettier,
);
