// Pure rules of the union tree: which organisation may sit under which, and what each kind must carry.
import { checkUscc } from '../../platform/crypto/validators.js';

export const ORG_KINDS = [
  'national', // 全国总工会
  'national_industrial', // 全国产业工会
  'provincial', // 省总工会
  'city', // 市总工会
  'county', // 区县总工会
  'township', // 乡镇/街道总工会
  'community', // 社区/村工会
  'industry_federation', // 行业工会联合会
  'grassroots', // 基层工会 (an employer's own, or several employers' joint union)
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

// The eight key groups (八大群体) and the other new-form trades of DOMAIN.md.
export const TRADES = [
  'truck_driver',
  'courier',
  'care_worker',
  'domestic_worker',
  'mall_info_staff',
  'food_delivery',
  'real_estate_agent',
  'security_guard',
  'ride_hailing',
  'sanitation',
  'construction',
  'other',
] as const;
export type Trade = (typeof TRADES)[number];

// 建会三模式: 单独组建 / 区域联建 / 行业统建.
export const FORMATION_MODES = ['single', 'regional', 'industry'] as const;
export type FormationMode = (typeof FORMATION_MODES)[number];

const PARENTS: Record<OrgKind, readonly (OrgKind | null)[]> = {
  national: [null],
  national_industrial: ['national'],
  provincial: [null, 'national'],
  city: ['provincial'],
  county: ['city', 'provincial'], // 省直管县 sit directly under the province
  township: ['county'],
  community: ['township'],
  industry_federation: ['provincial', 'city', 'county', 'township'],
  grassroots: ['city', 'county', 'township', 'community', 'industry_federation'],
};

// Length of the GB/T 2260 / 10114 region code each area union carries (province 2 … township 9).
const REGION_LENGTH: Partial<Record<OrgKind, readonly number[]>> = {
  national: [0],
  national_industrial: [0],
  provincial: [2],
  city: [4],
  county: [6],
  township: [9],
  community: [9],
};

export interface OrgShape {
  kind: OrgKind;
  regionCode: string;
  formationMode?: FormationMode | null;
  trades?: readonly Trade[];
  uscc?: string | null;
}

export interface ParentShape {
  kind: OrgKind;
  regionCode: string;
  status: 'active' | 'inactive';
}

export type OrgProblem =
  | { field: 'kind'; code: 'parent_kind_not_allowed' }
  | { field: 'parentId'; code: 'parent_inactive' }
  | {
      field: 'regionCode';
      code: 'region_level_mismatch' | 'region_outside_parent';
    }
  | {
      field: 'formationMode';
      code: 'formation_mode_required' | 'formation_mode_not_allowed';
    }
  | { field: 'trades'; code: 'trades_required' | 'trades_not_allowed' }
  | {
      field: 'uscc';
      code: 'uscc_invalid' | 'uscc_required' | 'uscc_not_allowed';
    };

export function allowedParentKinds(kind: OrgKind): readonly (OrgKind | null)[] {
  return PARENTS[kind];
}

/** Every problem with placing `org` under `parent` (null = a root); empty when the placement holds. */
export function checkOrgPlacement(org: OrgShape, parent: ParentShape | null): OrgProblem[] {
  const problems: OrgProblem[] = [];
  if (!PARENTS[org.kind].includes(parent ? parent.kind : null)) problems.push({ field: 'kind', code: 'parent_kind_not_allowed' });
  if (parent && parent.status !== 'active') problems.push({ field: 'parentId', code: 'parent_inactive' });
  const lengths = REGION_LENGTH[org.kind];
  if (lengths && !lengths.includes(org.regionCode.length)) problems.push({ field: 'regionCode', code: 'region_level_mismatch' });
  // An organisation lies within its parent's area: a street union of 柯桥区 has a 330603xxx code.
  if (parent && !org.regionCode.startsWith(parent.regionCode)) problems.push({ field: 'regionCode', code: 'region_outside_parent' });
  return problems;
}

/** What each kind must (and must not) carry, independent of where it sits. */
export function checkOrgAttributes(org: OrgShape): OrgProblem[] {
  const problems: OrgProblem[] = [];
  const trades = org.trades ?? [];
  if (org.kind === 'industry_federation') {
    // 行业统建: a federation covers one or more trades in its area.
    if (trades.length === 0) problems.push({ field: 'trades', code: 'trades_required' });
    if (org.formationMode && org.formationMode !== 'industry') {
      problems.push({
        field: 'formationMode',
        code: 'formation_mode_not_allowed',
      });
    }
  } else if (trades.length > 0 && org.kind !== 'grassroots') {
    problems.push({ field: 'trades', code: 'trades_not_allowed' });
  }
  if (org.kind === 'grassroots') {
    if (!org.formationMode) {
      problems.push({
        field: 'formationMode',
        code: 'formation_mode_required',
      });
    }
    // An employer's own union (单独组建) is identified by the employer's credit code.
    if (org.formationMode === 'single' && !org.uscc) problems.push({ field: 'uscc', code: 'uscc_required' });
  } else if (org.kind !== 'industry_federation' && org.formationMode) {
    problems.push({
      field: 'formationMode',
      code: 'formation_mode_not_allowed',
    });
  }
  if (org.uscc) {
    if (org.kind !== 'grassroots' && org.kind !== 'industry_federation') problems.push({ field: 'uscc', code: 'uscc_not_allowed' });
    else if (!checkUscc(org.uscc).ok) problems.push({ field: 'uscc', code: 'uscc_invalid' });
  }
  return problems;
}

/** The materialised path of a child: the parent's path plus the child's id. */
export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

/** A move may not put an organisation under itself or under one of its descendants. */
export function isWithinSubtree(candidatePath: string, subtreeRootPath: string): boolean {
  return candidatePath.startsWith(subtreeRootPath);
}
