import { serializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { declaredKeysSerializer } from './zod.js';

const Line = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  status: z.enum(['active', 'left']),
  joinedAt: z.date(),
  tags: z.array(z.string()),
  note: z.string().optional(),
  org: z.object({ id: z.string(), name: z.string() }).nullable(),
});
const Page = z.object({ items: z.array(Line), nextCursor: z.string().nullable(), total: z.number(), capped: z.boolean() });

const line = (i: number) => ({
  id: `01a20964-5803-7613-b7c2-c1c4bfe06a${String(i).padStart(2, '0')}`,
  name: i % 2 ? '冯*一' : null,
  status: 'active' as const,
  joinedAt: new Date(Date.UTC(2026, 0, i + 1, 8)),
  tags: ['courier'],
  org: i % 3 ? { id: 'o1', name: '柯桥区快递行业工会联合会' } : null,
});

describe('declaredKeysSerializer', () => {
  it('writes what zod’s own serializer writes for a page of lines', () => {
    const page = { items: [0, 1, 2, 3].map(line), nextCursor: null, total: 4, capped: false };
    const ours = declaredKeysSerializer({ schema: Page });
    const zods = serializerCompiler({ schema: Page, method: 'GET', url: '/x', httpStatus: '200' });
    expect(ours(page)).toBe(zods(page));
    expect(JSON.parse(ours(page)).items[1]).toEqual({ ...line(1), joinedAt: '2026-01-02T08:00:00.000Z' });
  });

  it('leaves out every undeclared key, at every level, so nothing more leaves the server than the schema says', () => {
    const secretive = {
      items: [{ ...line(1), nameCipher: 'c1', org: { id: 'o1', name: 'n', path: '/p/' } }],
      nextCursor: 'x',
      total: 1,
      capped: false,
      debug: { sql: 'select …' },
    };
    const written = JSON.parse(declaredKeysSerializer({ schema: Page })(secretive));
    expect(Object.keys(written)).toEqual(['items', 'nextCursor', 'total', 'capped']);
    expect(written.items[0]).not.toHaveProperty('nameCipher');
    expect(written.items[0].org).toEqual({ id: 'o1', name: 'n' });
  });

  it('refuses, when the route is registered, a schema whose shape it cannot follow', () => {
    const Either = z.object({ value: z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]) });
    expect(() => declaredKeysSerializer({ schema: Either })).toThrow(/cannot project response\.value/);
    expect(() => declaredKeysSerializer({ schema: z.array(Line) })).toThrow(/must be a z\.object/);
  });
});
