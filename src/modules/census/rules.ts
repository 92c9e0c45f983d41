// Pure rules of the census: a list's columns and the check of one row, where a listed person is
// placed, what counts as covered, and how a union's yearly target is split down the tree.
import { checkIdNumber, checkMobile, checkPersonName } from '../../platform/crypto/validators.js';
import type { FieldProblem } from '../../platform/errors/app-error.js';
import { isExcelScientific, type ColumnSpec } from '../../platform/files/table.js';
import { t } from '../../platform/i18n/i18n.js';
import { findRegion, regionInAddress, regionWithin } from '../../platform/regions/regions.js';
import { tradeFromWords, type Trade } from '#modules/orgs';

/** A census list's columns as its template names them. */
export const CENSUS_COLUMNS = {
  name: '姓名',
  idNumber: '身份证号',
  phone: '手机号',
  trade: '行业',
  employerName: '工作单位',
  regionCode: '街道代码',
  place: '工作地点',
} as const;
export type CensusField = keyof typeof CENSUS_COLUMNS;

/**
 * Each field with the words departments and platforms use for it. A list needs names and, for each
 * person, a 身份证号 or a mobile; the trade and the place may be set for the whole list instead.
 */
export const CENSUS_FIELDS: readonly ColumnSpec<CensusField>[] = [
  {
    key: 'name',
    label: CENSUS_COLUMNS.name,
    synonyms: ['名字', '人员姓名', '从业人员姓名', '骑手姓名', '快递员姓名', '职工姓名'],
    required: true,
  },
  {
    key: 'idNumber',
    label: CENSUS_COLUMNS.idNumber,
    synonyms: ['身份证号码', '公民身份号码', '证件号码', '身份证', '身份证件号码', '证件号'],
  },
  { key: 'phone', label: CENSUS_COLUMNS.phone, synonyms: ['手机号码', '手机', '联系电话', '联系方式', '电话', '电话号码'] },
  { key: 'trade', label: CENSUS_COLUMNS.trade, synonyms: ['从业类别', '职业', '工种', '行业类别', '从业类型', '岗位'] },
  {
    key: 'employerName',
    label: CENSUS_COLUMNS.employerName,
    synonyms: ['单位名称', '所属企业', '用人单位', '企业名称', '所属公司', '所属平台', '快递品牌', '品牌', '站点'],
  },
  {
    key: 'regionCode',
    label: CENSUS_COLUMNS.regionCode,
    synonyms: ['乡镇代码', '街道（乡镇）代码', '乡镇街道代码', '区划代码', '行政区划代码', '地区代码'],
  },
  {
    key: 'place',
    label: CENSUS_COLUMNS.place,
    synonyms: ['所在街道', '街道', '乡镇（街道）', '镇街', '地址', '住址', '工作区域', '详细地址'],
  },
];

/** What a list says about all of its rows: the area it covers, and its trade when the rows name none. */
export interface ListDefaults {
  /** A county (6 digits) or township (9). */
  regionCode: string;
  trade: Trade | null;
}

/** A listed person as checked: normalised, not yet encrypted. */
export interface ListedPerson {
  name: string;
  idNumber: string | null;
  phone: string | null;
  trade: Trade;
  regionCode: string;
  employerName: string | null;
}

export type RowProblem = FieldProblem & { column: string };

export function rowProblem(field: CensusField, code: string, params: Record<string, unknown> = {}): RowProblem {
  const column = CENSUS_COLUMNS[field];
  return { field: column, column, code: `census.${code}`, message: t(`problems.census.${code}`, { column, ...params }) };
}

function scientific(field: CensusField): RowProblem {
  const column = CENSUS_COLUMNS[field];
  return { field: column, column, code: 'files.excel_scientific', message: t('problems.files.excel_scientific', { column }) };
}

/**
 * The row's place: its own township or county code, else the township its place words name within
 * the list's area, else the list's area itself. A code outside the list's area is an error: a list
 * of 柯桥区 does not count people of 越城区.
 */
function placeOf(cells: Partial<Record<CensusField, string>>, area: string): { code: string } | { problem: RowProblem } {
  const code = (cells.regionCode ?? '').trim();
  if (code) {
    if (isExcelScientific(code)) return { problem: scientific('regionCode') };
    const region = findRegion(code);
    if (!region || (region.level !== 'township' && region.level !== 'county')) {
      return { problem: rowProblem('regionCode', 'region_invalid', { value: code }) };
    }
    if (!regionWithin(code, area) && !regionWithin(area, code)) {
      return { problem: rowProblem('regionCode', 'region_outside_list', { value: code }) };
    }
    return { code: regionWithin(code, area) ? code : area };
  }
  const words = (cells.place ?? '').trim();
  const named = words ? regionInAddress(words, area) : null;
  if (named && (named.level === 'township' || named.level === 'county') && regionWithin(named.code, area)) return { code: named.code };
  return { code: area };
}

/**
 * Checks one row of a list. A person needs a name and a 身份证号 or a mobile (the two ways a person
 * is matched to the roll); a landline is left out with a warning, as is a broken phone beside a good ID.
 */
export function checkListedRow(
  cells: Partial<Record<CensusField, string>>,
  list: ListDefaults,
): { ok: true; person: ListedPerson; warnings: RowProblem[] } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const name = checkPersonName(cells.name ?? '');
  if (!name.ok) problems.push(rowProblem('name', (cells.name ?? '').trim() ? 'name_invalid' : 'name_missing'));

  const idText = (cells.idNumber ?? '').trim();
  let idNumber: string | null = null;
  if (idText && isExcelScientific(idText)) problems.push(scientific('idNumber'));
  else if (idText) {
    const checked = checkIdNumber(idText);
    if (checked.ok) idNumber = checked.value;
    else problems.push(rowProblem('idNumber', `id_number_${checked.problem}`));
  }

  const phoneText = (cells.phone ?? '').trim();
  let phone: string | null = null;
  if (phoneText && isExcelScientific(phoneText)) problems.push(scientific('phone'));
  else if (phoneText) {
    const checked = checkMobile(phoneText);
    if (checked.ok) phone = checked.value;
    else if (idText) warnings.push(rowProblem('phone', 'phone_not_mobile', { value: phoneText }));
    else problems.push(rowProblem('phone', 'phone_not_mobile', { value: phoneText }));
  }
  if (!idText && !phoneText) problems.push(rowProblem('idNumber', 'no_id_or_phone'));

  const tradeText = (cells.trade ?? '').trim();
  const trade = tradeText ? tradeFromWords(tradeText) : list.trade;
  if (!trade) problems.push(rowProblem('trade', tradeText ? 'trade_unknown' : 'trade_missing', { value: tradeText }));

  const place = placeOf(cells, list.regionCode);
  if ('problem' in place) problems.push(place.problem);

  if (problems.length > 0 || !name.ok || !trade || 'problem' in place) return { ok: false, problems };
  const employer = (cells.employerName ?? '').trim();
  return {
    ok: true,
    person: { name: name.value, idNumber, phone, trade, regionCode: place.code, employerName: employer ? employer.slice(0, 200) : null },
    warnings,
  };
}

/** The phone-and-name key of a person listed without a 身份证号 (its HMAC is stored). */
export const phoneNameKey = (phone: string, name: string): string => `${phone}|${name}`;

// ---------------------------------------------------------------------------------------------
// Coverage.

/** 入会率: members ÷ census, or null when nobody is counted (0 ÷ 0 is no rate). */
export function coverageRate(members: number, census: number): number | null {
  return census > 0 ? members / census : null;
}

/**
 * The year's join target split down the tree: what a union set for itself beside what its children
 * were given. A split may leave part of the target with the union itself, never give away more.
 */
export function checkTargetSplit(parentTarget: number | null, childTargets: readonly number[]): { ok: true } | { ok: false; over: number } {
  if (parentTarget === null) return { ok: true };
  const given = childTargets.reduce((n, x) => n + x, 0);
  return given <= parentTarget ? { ok: true } : { ok: false, over: given - parentTarget };
}

/** Progress toward a target: joins so far ÷ target (null without a target). */
export function targetProgress(joined: number, target: number | null): number | null {
  return target && target > 0 ? joined / target : null;
}
