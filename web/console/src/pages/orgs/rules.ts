// The union tree's placement rules, mirrored from src/modules/orgs/rules.ts so the form offers only
// what the server will accept. The server stays the authority: it re-checks every write.
import { TRADES, type Trade } from '../../../../shared/trades.ts';

export { TRADES, type Trade };
import type { RegionLevel } from '../../../../shared/regions.ts';

export const ORG_KINDS = [
  'national',
  'national_industrial',
  'provincial',
  'city',
  'county',
  'township',
  'community',
  'industry_federation',
  'grassroots',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const FORMATION_MODES = ['single', 'regional', 'industry'] as const;
export type FormationMode = (typeof FORMATION_MODES)[number];

const PARENTS: Record<OrgKind, readonly (OrgKind | null)[]> = {
  national: [null],
  national_industrial: ['national'],
  provincial: [null, 'national'],
  city: ['provincial'],
  county: ['city', 'provincial'],
  township: ['county'],
  community: ['township'],
  industry_federation: ['provincial', 'city', 'county', 'township'],
  grassroots: ['city', 'county', 'township', 'community', 'industry_federation'],
};

/** The kinds that may be created under a parent of `parentKind`. */
export function childKindsOf(parentKind: OrgKind): OrgKind[] {
  return ORG_KINDS.filter((kind) => PARENTS[kind].includes(parentKind));
}

// The administrative level an area union's region code must have; others may use any level.
const REGION_LEVEL: Partial<Record<OrgKind, RegionLevel | 'none'>> = {
  national: 'none',
  national_industrial: 'none',
  provincial: 'province',
  city: 'city',
  county: 'county',
  township: 'township',
  community: 'township',
};

export function requiredRegionLevel(kind: OrgKind): RegionLevel | 'none' | null {
  return REGION_LEVEL[kind] ?? null;
}

/** Kinds that carry a formation mode, trades and a credit code. */
export function carriesFormation(kind: OrgKind): boolean {
  return kind === 'grassroots' || kind === 'industry_federation';
}

export function formationModesFor(kind: OrgKind): readonly FormationMode[] {
  if (kind === 'industry_federation') return ['industry'];
  if (kind === 'grassroots') return FORMATION_MODES;
  return [];
}

// GB 32100: 18 characters from the code set, no I, O, S, V, Z.
export const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
