/** Module boundaries (STYLE.md): run by `npm run lint:boundaries`, part of `npm test`. */
module.exports = {
  forbidden: [
    {
      name: 'testing-is-for-tests',
      comment:
        "A module's testing.ts (factories) and the platform's testing/ folders (fakes of outside services) are imported only by tests (*.test.ts, test/) and by other testing code.",
      severity: 'error',
      from: { pathNot: ['\\.test\\.ts$', '^test/', '/testing\\.ts$', '/testing/'] },
      to: { path: '/testing(\\.ts$|/)' },
    },
    {
      name: 'module-internals',
      comment: 'A module imports another module only through its index.ts.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: '^src/modules/[^/]+/schema\\.ts$' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-code-uses-the-index',
      comment: 'The app, the CLI, the seed and the benchmarks use a module only through its index.ts.',
      severity: 'error',
      from: { path: '^(src/(?!modules/)|bench/)' },
      to: { path: '^src/modules/[^/]+/(?!index\\.ts$)' },
    },
    {
      name: 'modules-by-alias',
      comment:
        'Another module is imported as #modules/<name> (package.json imports), never by a relative path that breaks when a folder moves.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/(?!$1/)[^/]+/index\\.ts$', dependencyTypesNot: ['aliased-subpath-import'] },
    },
    {
      name: 'outside-code-by-alias',
      severity: 'error',
      from: { path: '^(src/(?!modules/)|bench/)' },
      to: { path: '^src/modules/[^/]+/index\\.ts$', dependencyTypesNot: ['aliased-subpath-import'] },
    },
    {
      name: 'web-is-server-free',
      comment: 'The front ends import no server code: the API types come generated (web/shared/api-schema.ts).',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|test|bench|scripts)/' },
    },
    {
      name: 'schema-references-identity-tables-only',
      comment: "A table may hold a foreign-key constraint to another module's identity table (org, member), nothing more.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/schema\\.ts$' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', '^src/modules/(orgs|members)/schema\\.ts$'] },
    },
    {
      name: 'platform-is-module-free',
      comment: 'platform/ imports no module.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'services-hold-no-http',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/(service|rules)(\\.ts$|/)' },
      to: { path: ['^node_modules/fastify/', 'routes\\.ts$'] },
    },
    {
      name: 'rules-are-pure',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/rules\\.ts$' },
      to: { path: ['^src/platform/db/', '^node_modules/(drizzle-orm|pg|@electric-sql)/', 'schema\\.ts$'] },
    },
    {
      name: 'no-circular-modules',
      comment: 'Modules form an acyclic graph (docs/ARCHITECTURE.md).',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { circular: true, path: '^src/modules/', pathNot: '^src/modules/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
    exclude: { path: '\\.test\\.ts$' },
  },
};
