// The OpenAPI document is one a partner's tools can use: Redocly's recommended rules (the maintained
// linter, run here as a library — no CLI, no network) find nothing to say about it.
import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './harness/app.js';

function whereOf(problem: NormalizedProblem): string {
  return decodeURIComponent(problem.location[0]?.pointer ?? '').replaceAll('~1', '/');
}

describe('the OpenAPI document', () => {
  const h = useTestApp();

  it('passes Redocly’s recommended rules without an error or a warning', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(h.t.app.swagger()),
      absoluteRef: 'openapi.json',
      config,
    });
    const document = h.t.app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    // An operation a browser navigates to and that answers only with a redirect (WeChat's 网页授权 round
    // trip) has no 2xx to give: the rule is about API calls, and such an operation is documented by its 3xx.
    const redirectOnly = (where: string) => {
      const [, path = '', method = ''] = /^#\/paths\/(.+)\/(get|post|put|patch|delete)\/responses$/.exec(where) ?? [];
      const statuses = Object.keys(document.paths[path]?.[method]?.responses ?? {});
      return statuses.some((status) => /^3\d\d$/.test(status)) && !statuses.some((status) => /^2\d\d$/.test(status));
    };
    const found = problems
      .filter((problem) => !(problem.ruleId === 'operation-2xx-response' && redirectOnly(whereOf(problem))))
      .map((problem) => `${problem.severity} ${problem.ruleId} at ${whereOf(problem)}: ${problem.message}`);
    expect(found).toEqual([]);
  });

  it('is served at /api/docs/json, beside its browser at /api/docs', async () => {
    const json = await h.t.request({ method: 'GET', url: '/api/docs/json' });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual(JSON.parse(JSON.stringify(h.t.app.swagger())));
    const page = await h.t.request({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('says who may call each operation and which problem+json answers it gives', () => {
    const document = h.t.app.swagger() as unknown as {
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const orgs = document.paths['/api/console/orgs/{orgId}']?.patch;
    expect(orgs?.security).toEqual([{ staffSession: [] }, { sessionBearer: [] }]);
    expect(Object.keys(orgs?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415']);
    expect(Object.keys(orgs?.responses['404']?.content ?? {})).toEqual(['application/problem+json']);
    expect(document.paths['/api/health']?.get?.security).toEqual([]);
    expect(document.paths['/partner/v1/me']?.get?.security).toEqual([
      { partnerKey: [], partnerTimestamp: [], partnerNonce: [], partnerSignature: [] },
    ]);
  });
});
