import { describe, expect, it } from 'vitest';
import {
  allowedParentKinds,
  checkOrgAttributes,
  checkOrgPlacement,
  childPath,
  isWithinSubtree,
  type OrgShape,
  type ParentShape,
} from './rules.js';

// The 柯桥 tree of the seed page: 浙江省总工会 → 绍兴市总工会 → 柯桥区总工会 → 柯桥街道/华舍街道总工会,
// 柯桥区快递行业工会 (27 courier brands, 1,472 couriers) and the unions of employers such as the
// 饿了么 station of 舟山泛海欣网络科技有限公司 in 柯桥街道.
const zhejiang: ParentShape = { kind: 'provincial', regionCode: '33', status: 'active' };
const shaoxing: ParentShape = { kind: 'city', regionCode: '3306', status: 'active' };
const keqiao: ParentShape = { kind: 'county', regionCode: '330603', status: 'active' };
const keqiaoStreet: ParentShape = { kind: 'township', regionCode: '330603001', status: 'active' };
const courierFederation: ParentShape = { kind: 'industry_federation', regionCode: '330603', status: 'active' };

const KEQIAO_USCC = '91330603MA2JP8Q4AK';

describe(checkOrgPlacement.name, () => {
  it('places the county union of 柯桥区 (330603) under the city union of 绍兴市 (3306)', () => {
    expect(checkOrgPlacement({ kind: 'county', regionCode: '330603' }, shaoxing)).toEqual([]);
  });

  it('places the city union of 绍兴市 under 浙江省总工会', () => {
    expect(checkOrgPlacement({ kind: 'city', regionCode: '3306' }, zhejiang)).toEqual([]);
  });

  it('places a provincial union (浙江省, 33) at the root, with no parent', () => {
    expect(checkOrgPlacement({ kind: 'provincial', regionCode: '33' }, null)).toEqual([]);
  });

  it('places a county directly under its province (省直管县)', () => {
    expect(checkOrgPlacement({ kind: 'county', regionCode: '330603' }, zhejiang)).toEqual([]);
  });

  it('places the 柯桥街道 union (330603001) under 柯桥区', () => {
    expect(checkOrgPlacement({ kind: 'township', regionCode: '330603001' }, keqiao)).toEqual([]);
  });

  it('refuses a township union of 越城区 (330602001) under 柯桥区 as outside the parent', () => {
    expect(checkOrgPlacement({ kind: 'township', regionCode: '330602001' }, keqiao)).toEqual([
      { field: 'regionCode', code: 'region_outside_parent' },
    ]);
  });

  it('refuses a township union carrying the 6-digit county code instead of its own 9-digit code', () => {
    expect(checkOrgPlacement({ kind: 'township', regionCode: '330603' }, keqiao)).toEqual([
      { field: 'regionCode', code: 'region_level_mismatch' },
    ]);
  });

  it('refuses a county union carrying a 4-digit city code', () => {
    expect(checkOrgPlacement({ kind: 'county', regionCode: '3306' }, shaoxing)).toEqual([
      { field: 'regionCode', code: 'region_level_mismatch' },
    ]);
  });

  it('places the courier industry federation (行业工会联合会) under 柯桥区', () => {
    const federation: OrgShape = { kind: 'industry_federation', regionCode: '330603', trades: ['courier'], formationMode: 'industry' };
    expect(checkOrgPlacement(federation, keqiao)).toEqual([]);
  });

  it('places an employer union of 柯桥街道 under the 柯桥街道 union', () => {
    expect(
      checkOrgPlacement({ kind: 'grassroots', regionCode: '330603001', formationMode: 'single', uscc: KEQIAO_USCC }, keqiaoStreet),
    ).toEqual([]);
  });

  it('places a courier company union under the courier industry federation (行业统建)', () => {
    expect(checkOrgPlacement({ kind: 'grassroots', regionCode: '330603001', formationMode: 'industry' }, courierFederation)).toEqual([]);
  });

  it('refuses a city union directly under a county union (and its 4-digit area cannot lie inside the county either)', () => {
    // 3306 can never start with 330603, so the region problem comes with the kind problem.
    expect(checkOrgPlacement({ kind: 'city', regionCode: '3306' }, keqiao)).toEqual([
      { field: 'kind', code: 'parent_kind_not_allowed' },
      { field: 'regionCode', code: 'region_outside_parent' },
    ]);
  });

  it('refuses a city union at the root', () => {
    expect(checkOrgPlacement({ kind: 'city', regionCode: '3306' }, null)).toEqual([{ field: 'kind', code: 'parent_kind_not_allowed' }]);
  });

  it('refuses a township union directly under a city union, though it lies inside the city', () => {
    expect(checkOrgPlacement({ kind: 'township', regionCode: '330603001' }, shaoxing)).toEqual([
      { field: 'kind', code: 'parent_kind_not_allowed' },
    ]);
  });

  it('refuses a place under an inactive parent', () => {
    const dissolved: ParentShape = { ...keqiao, status: 'inactive' };
    expect(checkOrgPlacement({ kind: 'township', regionCode: '330603003' }, dissolved)).toEqual([
      { field: 'parentId', code: 'parent_inactive' },
    ]);
  });

  it('reports every problem at once: wrong parent kind, inactive parent, wrong level and outside the parent', () => {
    const dissolvedCity: ParentShape = { ...shaoxing, status: 'inactive' };
    expect(checkOrgPlacement({ kind: 'township', regionCode: '330102' }, dissolvedCity)).toEqual([
      { field: 'kind', code: 'parent_kind_not_allowed' },
      { field: 'parentId', code: 'parent_inactive' },
      { field: 'regionCode', code: 'region_level_mismatch' },
      { field: 'regionCode', code: 'region_outside_parent' },
    ]);
  });
});

describe(checkOrgAttributes.name, () => {
  it('accepts a county union with no trades, formation mode or credit code', () => {
    expect(checkOrgAttributes({ kind: 'county', regionCode: '330603' })).toEqual([]);
  });

  it('accepts the courier industry federation covering couriers, built by industry', () => {
    expect(
      checkOrgAttributes({ kind: 'industry_federation', regionCode: '330603', trades: ['courier'], formationMode: 'industry' }),
    ).toEqual([]);
  });

  it('accepts a federation of two trades without a formation mode', () => {
    expect(checkOrgAttributes({ kind: 'industry_federation', regionCode: '330603', trades: ['courier', 'food_delivery'] })).toEqual([]);
  });

  it('requires a federation to cover at least one trade', () => {
    expect(checkOrgAttributes({ kind: 'industry_federation', regionCode: '330603', trades: [], formationMode: 'industry' })).toEqual([
      { field: 'trades', code: 'trades_required' },
    ]);
  });

  it('requires trades of a federation that gives none at all', () => {
    expect(checkOrgAttributes({ kind: 'industry_federation', regionCode: '330603' })).toEqual([
      { field: 'trades', code: 'trades_required' },
    ]);
  });

  it('refuses a federation built other than by industry', () => {
    expect(
      checkOrgAttributes({ kind: 'industry_federation', regionCode: '330603', trades: ['courier'], formationMode: 'regional' }),
    ).toEqual([{ field: 'formationMode', code: 'formation_mode_not_allowed' }]);
  });

  it('accepts an employer union built on its own (单独组建) with a valid credit code', () => {
    expect(checkOrgAttributes({ kind: 'grassroots', regionCode: '330603001', formationMode: 'single', uscc: KEQIAO_USCC })).toEqual([]);
  });

  it('accepts the credit code in lowercase', () => {
    expect(
      checkOrgAttributes({ kind: 'grassroots', regionCode: '330603001', formationMode: 'single', uscc: KEQIAO_USCC.toLowerCase() }),
    ).toEqual([]);
  });

  it('requires a credit code of an employer union built on its own', () => {
    expect(checkOrgAttributes({ kind: 'grassroots', regionCode: '330603001', formationMode: 'single' })).toEqual([
      { field: 'uscc', code: 'uscc_required' },
    ]);
  });

  it('requires a credit code when it is an empty string', () => {
    expect(checkOrgAttributes({ kind: 'grassroots', regionCode: '330603001', formationMode: 'single', uscc: '' })).toEqual([
      { field: 'uscc', code: 'uscc_required' },
    ]);
  });

  it('refuses a credit code whose check character is wrong', () => {
    expect(
      checkOrgAttributes({ kind: 'grassroots', regionCode: '330603001', formationMode: 'single', uscc: '91330603MA2JP8Q4AA' }),
    ).toEqual([{ field: 'uscc', code: 'uscc_invalid' }]);
  });

  it('accepts a joint union of several small employers (区域联建) without a credit code', () => {
    expect(checkOrgAttributes({ kind: 'grassroots', regionCode: '330603001', formationMode: 'regional' })).toEqual([]);
  });

  it('accepts trades on a grassroots union (a courier company union)', () => {
    expect(checkOrgAttributes({ kind: 'grassroots', regionCode: '330603001', formationMode: 'industry', trades: ['courier'] })).toEqual([]);
  });

  it('requires a formation mode of a grassroots union', () => {
    expect(checkOrgAttributes({ kind: 'grassroots', regionCode: '330603001' })).toEqual([
      { field: 'formationMode', code: 'formation_mode_required' },
    ]);
  });

  it('refuses trades on an area union', () => {
    expect(checkOrgAttributes({ kind: 'township', regionCode: '330603001', trades: ['courier'] })).toEqual([
      { field: 'trades', code: 'trades_not_allowed' },
    ]);
  });

  it('refuses a formation mode on an area union', () => {
    expect(checkOrgAttributes({ kind: 'county', regionCode: '330603', formationMode: 'regional' })).toEqual([
      { field: 'formationMode', code: 'formation_mode_not_allowed' },
    ]);
  });

  it('refuses a credit code on an area union, even a valid one', () => {
    expect(checkOrgAttributes({ kind: 'county', regionCode: '330603', uscc: KEQIAO_USCC })).toEqual([
      { field: 'uscc', code: 'uscc_not_allowed' },
    ]);
  });
});

describe(allowedParentKinds.name, () => {
  it('lets a township union sit only under a county union', () => {
    expect(allowedParentKinds('township')).toEqual(['county']);
  });

  it('lets a provincial union sit at the root or under the national federation', () => {
    expect(allowedParentKinds('provincial')).toEqual([null, 'national']);
  });
});

describe(childPath.name, () => {
  it('makes a root path from the id alone', () => {
    expect(childPath(null, 'zhejiang')).toBe('/zhejiang/');
  });

  it("appends the child's id to the parent's path", () => {
    expect(childPath('/zhejiang/shaoxing/', 'keqiao')).toBe('/zhejiang/shaoxing/keqiao/');
  });

  it('builds the 柯桥街道 path down from the root', () => {
    const path = childPath(childPath(childPath(childPath(null, 'zj'), 'sx'), 'kq'), 'kqjd');
    expect(path).toBe('/zj/sx/kq/kqjd/');
  });
});

describe(isWithinSubtree.name, () => {
  const keqiaoPath = childPath('/zj/sx/', 'kq');

  it('finds a street union within the subtree of its district', () => {
    expect(isWithinSubtree(childPath(keqiaoPath, 'kqjd'), keqiaoPath)).toBe(true);
  });

  it('finds an organisation within its own subtree (a move under itself is refused)', () => {
    expect(isWithinSubtree(keqiaoPath, keqiaoPath)).toBe(true);
  });

  it('does not find the parent city within the subtree of its district', () => {
    expect(isWithinSubtree('/zj/sx/', keqiaoPath)).toBe(false);
  });

  it('does not find a sibling whose id starts with the same characters', () => {
    expect(isWithinSubtree(childPath('/zj/sx/', 'kq2'), keqiaoPath)).toBe(false);
  });
});
