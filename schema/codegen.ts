import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations for the web client: the client preset reads the printed schema and every
 * `graphql(...)` document in clients/src, and writes clients/src/gql/ (committed; `npm run codegen:check`
 * fails when it is stale).
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['clients/src/**/*.ts', '!clients/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'clients/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
        avoidOptionals: { field: true },
      },
    },
    // Which concrete types each union and interface has, so Graphcache matches `... on Error` exactly.
    'clients/src/gql/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
  },
};

export default config;
