// Administrative divisions (GB/T 2260 + township codes): 2-digit province, 4-digit city, 6-digit
// county, 9-digit township. Lists are cached per parent for the life of the page.
import { client } from './api-client.ts';
import type { ApiResponse } from './api-types.ts';

export type Region = ApiResponse<'/api/regions', 'get'>['items'][number];
export type RegionLevel = Region['level'];

const CODE_LENGTHS = [2, 4, 6, 9] as const;
const cache = new Map<string, Promise<Region[]>>();

/** Children of a region (provinces when parent is empty). */
export function listRegions(parent?: string): Promise<Region[]> {
  const key = parent ?? '';
  let pending = cache.get(key);
  if (!pending) {
    pending = client.get('/api/regions', parent ? { query: { parent } } : {}).then((r) => r.items);
    // A failed load must not stay cached.
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

/** The codes from the province down to `code` itself: '330603' → ['33', '3306', '330603']. */
export function regionChain(code: string): string[] {
  return CODE_LENGTHS.filter((length) => length <= code.length).map((length) => code.slice(0, length));
}

export function regionLevelOf(code: string): RegionLevel | null {
  switch (code.length) {
    case 2:
      return 'province';
    case 4:
      return 'city';
    case 6:
      return 'county';
    case 9:
      return 'township';
    default:
      return null;
  }
}

/** The regions from the province down to `code`, each looked up in its parent's list. */
export async function resolveRegionPath(code: string): Promise<Region[]> {
  const chain = regionChain(code);
  const lists = await Promise.all(chain.map((_, i) => listRegions(i === 0 ? undefined : chain[i - 1])));
  const out: Region[] = [];
  chain.forEach((c, i) => {
    const found = lists[i]?.find((r) => r.code === c);
    if (found) out.push(found);
  });
  return out;
}
