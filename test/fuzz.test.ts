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
// Nesting from harmless to far past any parser's recursion, objects and arrays mixed.
const nested = fc
  .tuple(fc.integer({ min: 1, max: 12_000 }), fc.constantFrom('[', '{"a":'), fc.constantFrom('1', '"x"', '[]'))
  .map(([depth, open, leaf]) => `${open.repeat(depth)}${leaf}${(open === '[' ? ']' : '}').repeat(depth)}`);
const rawBody = fc.oneof(
  jsonish.map((v) => JSON.stringify(v)),
  nested,
  fc.string({ maxLength: 50 }),
  fc.constantFrom('', '{', '[1,2', 'null', '"\\u0000"', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'),
);
const idLike = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', '..', '%00', 'null'),
);
// Days and instants as people mistype them and as JavaScript's Date quietly "corrects" them.
const dateLike = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 39 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-02-30', '2026-13-01', '2025-02-29', '3.30603E+17', '2026-07-01T25:00:00Z', '-001000-01-01', '1e9'),
);
const query = fc.dictionary(
  fc.constantFrom('parentId', 'q', 'kind', 'status', 'limit', 'beforeSeq', 'mode', 'parent', 'orgId', 'name', 'x'),
  fc.string({ maxLength: 20 }),
  { maxKeys: 3 },
);
const dates = fc.dictionary(fc.constantFrom('from', 'to', 'joinedFrom', 'joinedTo'), dateLike, { maxKeys: 2 });

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
          dates,
          fc.boolean(),
          fc.constantFrom(
            'application/json',
            'text/csv',
            'text/plain',
            'application/octet-stream',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
          ),
          async (body, id, q, d, signedIn, type) => {
            const path = route.url.replace(/:\w+/g, () => encodeURIComponent(id));
            const qs = new URLSearchParams({ ...q, ...d }).toString();
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
