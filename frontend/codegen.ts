import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every operation in src/ come from the exported, committed schema. `npm run codegen:check`
// fails when src/gql/ is stale (the schema or an operation changed without re-running codegen).
const schema = [process.env.RAPPORT_SCHEMA ?? '../schema/schema.graphql'];

const config: CodegenConfig = {
  schema,
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
        scalars: {
          DateTime: 'string',
          Date: 'string',
          JSON: 'unknown',
          Decimal: 'string',
          Upload: 'File',
        },
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
  },
};

export default config;
