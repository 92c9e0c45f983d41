// Turning what a worker typed (or what a roll's row says) into a checked person, with every problem named.
import { checkMobile, checkPersonName, checkUscc } from '../../../platform/crypto/validators.js';
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import { t } from '../../../platform/i18n/i18n.js';
import { findRegion } from '../../../platform/regions/regions.js';
import { codePointLength, isCleanLine, isCleanText } from '../../../platform/text/text.js';
import { TRADES, type Trade } from '#modules/orgs';
import { checkApplicantId } from '../rules.js';
import type { PersonInput } from './person.js';

export interface RawPerson {
  name: string;
  idNumber: string;
  phone?: string | null | undefined;
  trade: string;
  employerName?: string | null | undefined;
  employerUscc?: string | null | undefined;
  workRegionCode: string;
  workAddress?: string | null | undefined;
  location?: { lat: number; lng: number } | null | undefined;
}

export type PersonField = keyof RawPerson;

export function problem(field: string, code: string, params: Record<string, unknown> = {}): FieldProblem {
  return { field, code: `members.${code}`, message: t(`problems.members.${code}`, params) };
}

// A roll's rows do not pass the HTTP layer's check for invisible and direction-changing characters.
const invisibleCharacters = (field: string): FieldProblem => ({
  field,
  code: 'validation.invalid_characters',
  message: t('problems.common.invalid_characters'),
});

/**
 * Checks one person. `field` maps our field names to what the caller calls them (a body path for
 * the API, a column header for an import). Today is the Asia/Shanghai calendar day. A worker gives
 * the street they work in; a roll imported from a district's list may know the district only
 * (`countyAllowed`), which placement handles as the district's (区域兜底).
 */
export function checkPerson(
  raw: RawPerson,
  today: string,
  field: (name: PersonField) => string = (name) => `body.${name}`,
  options: { countyAllowed?: boolean } = {},
): { ok: true; person: PersonInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = checkPersonName(raw.name);
  if (!name.ok) problems.push(problem(field('name'), 'name_invalid'));
  const id = checkApplicantId(raw.idNumber, today);
  if (!id.ok) problems.push(problem(field('idNumber'), id.problem.code));
  let phone: string | null = null;
  if (raw.phone?.trim()) {
    const checked = checkMobile(raw.phone);
    if (checked.ok) phone = checked.value;
    else problems.push(problem(field('phone'), 'phone_invalid'));
  }
  const trade = raw.trade.trim();
  if (!(TRADES as readonly string[]).includes(trade)) problems.push(problem(field('trade'), 'trade_unknown', { value: trade }));
  const region = findRegion(raw.workRegionCode.trim());
  if (!region || !(region.level === 'township' || (options.countyAllowed && region.level === 'county'))) {
    problems.push(problem(field('workRegionCode'), 'work_region_invalid'));
  }
  let uscc: string | null = null;
  if (raw.employerUscc?.trim()) {
    const checked = checkUscc(raw.employerUscc);
    if (checked.ok) uscc = checked.value;
    else problems.push(problem(field('employerUscc'), 'employer_uscc_invalid'));
  }
  const employerName = raw.employerName?.trim() || null;
  if (employerName && !isCleanLine(employerName)) problems.push(invisibleCharacters(field('employerName')));
  else if (employerName && codePointLength(employerName) > 100) problems.push(problem(field('employerName'), 'employer_name_too_long'));
  const workAddress = raw.workAddress?.trim() || null;
  if (workAddress && !isCleanText(workAddress)) problems.push(invisibleCharacters(field('workAddress')));
  else if (workAddress && codePointLength(workAddress) > 200) problems.push(problem(field('workAddress'), 'work_address_too_long'));
  const location = raw.location ?? null;
  // Inside China's bounding box: a browser fix from elsewhere (or 0,0) is a mistake, not a work place.
  if (location && (location.lat < 3 || location.lat > 54 || location.lng < 73 || location.lng > 136)) {
    problems.push(problem(field('location'), 'location_outside_china'));
  }
  if (problems.length > 0 || !id.ok || !name.ok) return { ok: false, problems };
  return {
    ok: true,
    person: {
      name: name.value,
      idNumber: id.idNumber,
      phone,
      gender: id.facts.gender,
      birthDate: id.facts.birthDate,
      trade: trade as Trade,
      employerName,
      employerUscc: uscc,
      workRegionCode: raw.workRegionCode.trim(),
      workAddress,
      workLat: location?.lat ?? null,
      workLng: location?.lng ?? null,
    },
  };
}
