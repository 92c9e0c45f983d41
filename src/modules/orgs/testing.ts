// Test factories for organisations; only tests import this file (.dependency-cruiser.cjs, testing-is-for-tests).
import { systemActor } from '../../platform/audit/audit.js';
import { usccCheckChar } from '../../platform/crypto/validators.js';
import type { Db } from '../../platform/db/tx.js';
import { createOrg, type CreateOrgInput, type Org } from './index.js';

let made = 0;

/**
 * A union under `parent`, created as the seed creates one (audited, cache notified). By default an
 * employer's own union (grassroots, 单独组建, a fresh valid 统一社会信用代码) in the parent's region, which
 * any city, county, street, community or federation may hold. Other kinds need their level's region
 * code: `newUnion(db, keqiao, { kind: 'township', regionCode: '330603004' })`.
 */
export async function newUnion(
  db: Db,
  parent: Pick<Org, 'id' | 'path' | 'regionCode'>,
  overrides: Partial<Omit<CreateOrgInput, 'parentId'>> = {},
): Promise<Org> {
  made += 1;
  const kind = overrides.kind ?? 'grassroots';
  const input: CreateOrgInput = {
    parentId: parent.id,
    kind,
    name: `测试工会${made}`,
    regionCode: parent.regionCode,
    ...(kind === 'grassroots' ? { formationMode: 'single' as const, uscc: testUscc(made) } : {}),
    ...(kind === 'industry_federation' ? { formationMode: 'industry' as const, trades: ['courier' as const] } : {}),
    ...overrides,
  };
  return createOrg(db, systemActor('test'), { orgId: parent.id, path: parent.path }, input);
}

/** A valid 统一社会信用代码 (a company registered in 绍兴), a different one for each `n`. */
export function testUscc(n: number): string {
  const first17 = `91330600${String(n).padStart(9, '0')}`;
  return `${first17}${usccCheckChar(first17)}`;
}
