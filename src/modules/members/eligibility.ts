// Who a benefit is for, over the attributes of a member (DESIGN.md: one evaluator every module uses —
// campaigns, activities, mutual aid, loans, competitions). Pure: the snapshot comes from lookup.ts.
import { shanghaiDay } from '../../platform/time/shanghai.js';
import type { Trade } from '#modules/orgs';
import { ageOn } from './rules.js';
import type { MemberSnapshot } from './service/lookup.js';

/**
 * Every condition that is set must hold; an unset one holds for everybody. `unionPaths` is always set:
 * a union's benefit is for its own subtree's members only, or a narrower part of it.
 */
export interface EligibilityRule {
  /** The member's union lies in one of these subtrees (materialised paths `/<root>/…/<union>/`). */
  unionPaths: readonly string[];
  trades?: readonly Trade[] | null | undefined;
  newFormOnly?: boolean | null | undefined;
  /** Member since on or before this Asia/Shanghai day (YYYY-MM-DD): "members of at least …". */
  joinedOnOrBefore?: string | null | undefined;
  /** Member since on or after this day: a benefit for new members. */
  joinedOnOrAfter?: string | null | undefined;
  /** Prefixes of the 9-digit work region code: 44 (广东), 4404 (珠海), 440403 (斗门区). */
  regionCodes?: readonly string[] | null | undefined;
  genders?: readonly ('male' | 'female')[] | null | undefined;
  /** Age in whole years on the day of the check, both ends included. */
  minAge?: number | null | undefined;
  maxAge?: number | null | undefined;
}

export type IneligibleReason =
  'inactive' | 'outside_union' | 'trade' | 'new_form' | 'joined_late' | 'joined_early' | 'region' | 'gender' | 'age';

export type Eligibility = { eligible: true } | { eligible: false; reason: IneligibleReason };

/** Checks the conditions in a fixed order, so the reason given is the first that fails (the one a member can act on last). */
export function evaluateEligibility(rule: EligibilityRule, member: MemberSnapshot, today: string): Eligibility {
  const no = (reason: IneligibleReason): Eligibility => ({ eligible: false, reason });
  if (member.status !== 'active') return no('inactive');
  if (!rule.unionPaths.some((path) => member.unionPath.startsWith(path))) return no('outside_union');
  if (rule.trades?.length && !rule.trades.includes(member.trade)) return no('trade');
  if (rule.newFormOnly && !member.newForm) return no('new_form');
  if (rule.regionCodes?.length && !rule.regionCodes.some((code) => member.regionCode.startsWith(code))) return no('region');
  if (rule.genders?.length && (!member.gender || !rule.genders.includes(member.gender))) return no('gender');
  const { minAge, maxAge } = rule;
  if (typeof minAge === 'number' || typeof maxAge === 'number') {
    if (!member.birthDate) return no('age');
    const age = ageOn(member.birthDate, today);
    if ((typeof minAge === 'number' && age < minAge) || (typeof maxAge === 'number' && age > maxAge)) return no('age');
  }
  // The day's name only when a condition needs it: at a release this runs for every claim.
  if (rule.joinedOnOrBefore || rule.joinedOnOrAfter) {
    const since = shanghaiDay(member.memberSince);
    if (rule.joinedOnOrBefore && since > rule.joinedOnOrBefore) return no('joined_late');
    if (rule.joinedOnOrAfter && since < rule.joinedOnOrAfter) return no('joined_early');
  }
  return { eligible: true };
}
