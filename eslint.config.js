// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Another module is '#modules/<name>' (package.json imports: its index.ts) and nothing deeper. Which
// file a relative path reaches depends on the importer's depth, so dependency-cruiser, which resolves
// paths, refuses relative imports across modules (.dependency-cruiser.cjs, modules-by-alias).
const moduleBoundary = {
  patterns: [
    {
      regex: '^#modules/[^/]+/',
      message: 'Import another module as #modules/<name> only: its index.ts (STYLE.md, module boundary rule 1).',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'migrations/**',
      'coverage/**',
      'web/**',
      'bin/**',
      'scripts/**',
      '**/*.config.ts',
      'eslint.config.js',
      '.dependency-cruiser.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Fastify plugins are async functions by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-non-null-assertion': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' }],
    },
  },
  {
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', moduleBoundary] },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/modules/**', '#modules/*'], message: 'platform/ imports no module.' }] },
      ],
    },
  },
  {
    // Foreign-key constraints to the identity tables are allowed (STYLE.md rule 2).
    files: ['src/modules/*/schema.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!\\.\\.)(?!(orgs|members)/schema\\.js$)[^/]+/(?!index\\.js$).+',
              message: 'Only identity tables may be referenced.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/modules/*/rules.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/**', 'drizzle-orm', 'drizzle-orm/*', 'fastify', 'pg', '@electric-sql/*', 'node:fs', 'node:net'],
              message: 'rules.ts is pure: no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/modules/**/service.ts', 'src/modules/**/service/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...moduleBoundary, paths: [{ name: 'fastify', message: 'Services hold no HTTP.' }] }],
    },
  },
  {
    // Spreadsheets are written through platform/files/excel.ts, which neutralises formula-like text.
    files: ['src/**/*.ts'],
    ignores: ['src/platform/files/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' },
        {
          selector: 'CallExpression[callee.property.name=/^(addRow|addRows|insertRow|insertRows|spliceRows|duplicateRow|addWorksheet)$/]',
          message: 'Write spreadsheets with addSafeRow / addSafeWorksheet (platform/files/excel.ts): user text must not become a formula.',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      // inject().json() is untyped by design; tests assert on its shape.
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
