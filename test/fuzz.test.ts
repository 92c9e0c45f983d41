import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../src/platform/auth/partner-client.js';
import { useTestApp } from './harness/app.js';

// Random bodies, query strings and path ids at every route, as a signed-in admin (so the handler
// runs past the guard), unauthenticated, and as a partner: no input may produce a 500.

const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom(
      'name',
      'kind',
      'parentId',
      'regionCode',
      'reason',
      'password',
      'username',
      'roles',
      'trades',
      'uscc',
      'phone',
      'code',
      'orgId',
      'status',
      'label',
      'contactPhone',
    ),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);
const rawBody = fc.oneof(
  jsonish.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 50 }),
  fc.constantFrom('', '{', '[1,2', 'null', '"\\u0000"', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'),
);
const idLike = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', '..', '%00', 'null'),
);
const query = fc.dictionary(
  fc.constantFrom('parentId', 'q', 'kind', 'status', 'limit', 'beforeSeq', 'from', 'to', 'mode', 'parent', 'orgId', 'name', 'x'),
  fc.string({ maxLength: 20 }),
  { maxKeys: 3 },
);

describe('fuzz', () => {
  const h = useTestApp();

  it('never answers 500 to random input on any route', async () => {
    const { t } = h;
    const admin = await t.staffCookie('keqiao');
    const routes = t.app.routeTable.filter((r) => !r.url.startsWith('/api/docs'));
    let requests = 0;
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(
          rawBody,
          idLike,
          query,
          fc.boolean(),
          fc.constantFrom('application/json', 'text/csv', 'text/plain'),
          async (body, id, q, signedIn, type) => {
            const path = route.url.replace(/:\w+/g, () => encodeURIComponent(id));
            const qs = new URLSearchParams(q).toString();
            const url = qs ? `${path}?${qs}` : path;
            const withBody = route.method !== 'GET' && route.method !== 'DELETE';
            let headers: Record<string, string> = { 'content-type': type, ...(signedIn ? { cookie: admin } : {}) };
            if (route.access?.auth === 'partner' && signedIn) {
              const s = signRequest(t.demo.partnerKey!, { method: route.method, path: url, idempotencyKey: id.slice(0, 100) || 'k' });
              headers = { ...headers, ...s.headers, 'content-type': type };
            }
            const response = await t.app.inject({ method: route.method as 'GET', url, headers, ...(withBody ? { payload: body } : {}) });
            requests++;
            if (response.statusCode >= 500) {
              throw new Error(
                `${route.method} ${url} (${type}) ${body.slice(0, 80)} → ${response.statusCode} ${response.body.slice(0, 200)}`,
              );
            }
            if (response.statusCode >= 400) expect(response.headers['content-type']).toContain('application/problem+json');
          },
        ),
        { numRuns: 60, seed: 20261123 },
      );
    }
    expect(requests).toBeGreaterThan(routes.length * 50);
  });
});
