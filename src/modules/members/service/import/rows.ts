// One row of a roll import: its columns (with the words district offices use for them), the checks,
// the work place when the file has no township code, and the union it goes to.
import type { Scope } from '../../../../platform/access/access.js';
import type { Platform } from '../../../../platform/context.js';
import type { FieldProblem } from '../../../../platform/errors/app-error.js';
import { isExcelScientific, type ColumnMapping, type ColumnSpec } from '../../../../platform/files/table.js';
import { t } from '../../../../platform/i18n/i18n.js';
import { findRegion, regionInAddress } from '../../../../platform/regions/regions.js';
import { getOrg, listPlacementCandidates, searchOrgs, tradeFromWords, type Org } from '#modules/orgs';
import { choosePlacement, enclosingRegions } from '../../rules.js';
import type { PersonInput } from '../person.js';
import { checkPerson, problem, type PersonField } from '../validate.js';

/** The kind of import, for the column mappings each uploader is offered again (platform/files). */
export const ROLL_IMPORT_KIND = 'members.roll';

/** The roll's columns as the import template names them. */
export const IMPORT_COLUMNS = {
  name: '姓名',
  idNumber: '身份证号',
  phone: '手机号',
  trade: '行业',
  workRegionCode: '工作地区划代码',
  employerName: '单位名称',
  employerUscc: '单位统一社会信用代码',
  workAddress: '工作地址',
  union: '所属工会',
  joinedAt: '入会日期',
} as const;
export type ImportField = keyof typeof IMPORT_COLUMNS;

/**
 * Each field with the other headers that mean it in the lists unions are sent (census lists from
 * market regulation, platforms, district offices). The work place is not required as a column: it
 * may come from an address, a district code, or one region the uploader sets for the whole file.
 */
export const IMPORT_FIELDS: readonly ColumnSpec<ImportField>[] = [
  { key: 'name', label: IMPORT_COLUMNS.name, synonyms: ['名字', '职工姓名', '会员姓名', '人员姓名'], required: true },
  {
    key: 'idNumber',
    label: IMPORT_COLUMNS.idNumber,
    synonyms: ['身份证号码', '公民身份号码', '证件号码', '身份证', '身份证件号码', '证件号'],
    required: true,
  },
  { key: 'phone', label: IMPORT_COLUMNS.phone, synonyms: ['手机号码', '手机', '联系电话', '联系方式', '电话', '电话号码'] },
  { key: 'trade', label: IMPORT_COLUMNS.trade, synonyms: ['从业类别', '职业', '工种', '行业类别', '从业类型'], required: true },
  {
    key: 'workRegionCode',
    label: IMPORT_COLUMNS.workRegionCode,
    synonyms: ['街道代码', '乡镇代码', '街道（乡镇）代码', '乡镇街道代码', '区划代码', '行政区划代码', '地区代码'],
  },
  {
    key: 'employerName',
    label: IMPORT_COLUMNS.employerName,
    synonyms: ['所属企业', '工作单位', '用人单位', '企业名称', '所属公司', '所属平台'],
  },
  { key: 'employerUscc', label: IMPORT_COLUMNS.employerUscc, synonyms: ['统一社会信用代码', '信用代码', '单位信用代码'] },
  { key: 'workAddress', label: IMPORT_COLUMNS.workAddress, synonyms: ['工作地点', '地址', '住址', '工作区域', '详细地址'] },
  { key: 'union', label: IMPORT_COLUMNS.union, synonyms: ['工会名称', '所在工会'] },
  { key: 'joinedAt', label: IMPORT_COLUMNS.joinedAt, synonyms: ['入会时间'] },
];

export type ImportMapping = ColumnMapping<ImportField>;

export interface RawRow {
  row: number;
  cells: Partial<Record<ImportField, string>>;
}

export interface CheckedRow {
  row: number;
  person: PersonInput;
  org: Org;
  joinedAt: Date;
  /** Imported, with something left out that the report names. */
  warnings: FieldProblem[];
}

export type RowProblem = FieldProblem & { row: number; column: string };

const columnOf = (field: PersonField): string => IMPORT_COLUMNS[field === 'location' ? 'workAddress' : field];

export function rowProblem(row: number, column: ImportField, code: string, params: Record<string, unknown> = {}): RowProblem {
  return { ...problem(IMPORT_COLUMNS[column], code, params), row, column: IMPORT_COLUMNS[column] };
}

/** A problem platform/files names (`files.*`), on one of the roll's columns. */
function fileProblem(row: number, column: ImportField, code: string): RowProblem {
  const label = IMPORT_COLUMNS[column];
  return { field: label, code: `files.${code}`, message: t(`problems.files.${code}`, { column: label }), row, column: label };
}

// A fixed line: optional area code (0 and 2–3 digits, perhaps in brackets), 7–8 digits, an extension.
const LANDLINE = /^(?:[(（]?0\d{2,3}[)）]?[-\s]?)?[2-9]\d{6,7}(?:[-转#]\d{1,6})?$/;

export class UnionResolver {
  private readonly byName = new Map<string, Org[]>();
  private readonly placements = new Map<string, Org | null>();
  constructor(
    private readonly p: Platform,
    private readonly scope: Scope,
  ) {}

  async named(name: string): Promise<Org[]> {
    let found = this.byName.get(name);
    if (!found) {
      found = (await searchOrgs(this.p.db, this.scope, { q: name, status: 'active', limit: 20 })).filter(
        (o) => o.name === name || o.id === name,
      );
      this.byName.set(name, found);
    }
    return found;
  }

  /** The union the placement rule gives, if it lies in the importer's subtree. */
  async placed(person: PersonInput): Promise<Org | null> {
    const key = `${person.trade}|${person.workRegionCode}|${person.employerUscc ?? ''}`;
    if (!this.placements.has(key)) {
      const placement = choosePlacement(
        person,
        await listPlacementCandidates(this.p.db, enclosingRegions(person.workRegionCode), person.employerUscc),
      );
      let org: Org | null = null;
      if (placement) {
        org = await getOrg(this.p.db, this.scope, placement.orgId).then(
          (o) => o,
          () => null,
        );
      }
      this.placements.set(key, org);
    }
    return this.placements.get(key) ?? null;
  }
}

/** Where the people of a file work when a row has no township code of its own. */
export interface WorkPlaceDefaults {
  /** A township or county code the uploader set for the whole file. */
  fileRegionCode: string | null;
  /** The area the import's union covers: addresses are read within it. */
  unionRegionCode: string;
}

/**
 * The row's work place as a region code: its own code when it is a township's; else the township its
 * address names (within the district its code gives, the file's region, or the union's area); else
 * that district, or the file's region. Returns a problem when none of these gives a place.
 */
function workPlace(row: number, c: RawRow['cells'], defaults: WorkPlaceDefaults): { code: string } | { problem: RowProblem } {
  const code = (c.workRegionCode ?? '').trim();
  const address = (c.workAddress ?? '').trim();
  if (code) {
    if (isExcelScientific(code)) return { problem: fileProblem(row, 'workRegionCode', 'excel_scientific') };
    const region = findRegion(code);
    if (region?.level === 'township') return { code };
    if (region?.level !== 'county') return { problem: rowProblem(row, 'workRegionCode', 'work_region_invalid') };
    const named = address ? regionInAddress(address, code) : null;
    return { code: named?.level === 'township' ? named.code : code };
  }
  const within = defaults.fileRegionCode ?? defaults.unionRegionCode;
  const named = address ? regionInAddress(address, within) : null;
  if (named && (named.level === 'township' || named.level === 'county')) return { code: named.code };
  if (defaults.fileRegionCode) return { code: defaults.fileRegionCode };
  return { problem: rowProblem(row, address ? 'workAddress' : 'workRegionCode', 'work_region_not_found') };
}

/** Checks one row; a problem in it is reported with the column's name as the file has it in the template. */
export async function checkRow(
  raw: RawRow,
  today: string,
  unions: UnionResolver,
  defaults: WorkPlaceDefaults,
): Promise<{ ok: true; row: CheckedRow } | { ok: false; problems: RowProblem[] }> {
  const c = raw.cells;
  const problems: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const tradeText = (c.trade ?? '').trim();
  const trade = tradeFromWords(tradeText);
  if (!trade) problems.push(rowProblem(raw.row, 'trade', 'trade_unknown', { value: tradeText }));
  const idText = (c.idNumber ?? '').trim();
  // Excel shows an 18-digit number as 3.30603E+17 and keeps 15 of its digits: no check digit can
  // say more than that the number is wrong, so the problem is named for what it is.
  const idMangled = isExcelScientific(idText);
  if (idMangled) problems.push(fileProblem(raw.row, 'idNumber', 'excel_scientific'));
  let phone = (c.phone ?? '').trim();
  if (isExcelScientific(phone)) {
    problems.push(fileProblem(raw.row, 'phone', 'excel_scientific'));
    phone = '';
  } else if (phone && LANDLINE.test(phone.replace(/\s+/g, ' '))) {
    // The phone column is for the mobile a member signs in with: a landline cannot be one, and the
    // rest of the row is good, so the member is imported without it.
    warnings.push(rowProblem(raw.row, 'phone', 'phone_landline'));
    phone = '';
  }
  const place = workPlace(raw.row, c, defaults);
  if ('problem' in place) problems.push(place.problem);
  const checked = checkPerson(
    {
      name: c.name ?? '',
      idNumber: idMangled ? '' : idText,
      phone,
      trade: trade ?? 'other',
      employerName: c.employerName,
      employerUscc: c.employerUscc,
      workRegionCode: 'code' in place ? place.code : '',
      workAddress: c.workAddress,
    },
    today,
    columnOf,
    { countyAllowed: true },
  );
  if (!checked.ok) {
    for (const x of checked.problems) {
      // Already named more exactly above.
      if (x.field === IMPORT_COLUMNS.idNumber && idMangled) continue;
      if (x.field === IMPORT_COLUMNS.workRegionCode && 'problem' in place) continue;
      problems.push({ ...x, row: raw.row, column: x.field ?? '' });
    }
  }
  let joinedAt = new Date();
  const joinedText = (c.joinedAt ?? '').trim();
  if (joinedText) {
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(joinedText);
    // The streaming reader skips styles, so an Excel date cell arrives as its serial number (days since 1899-12-30).
    const serial = /^\d{4,5}$/.test(joinedText) ? Number(joinedText) : null;
    const date = m
      ? new Date(`${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}T00:00:00+08:00`)
      : serial !== null
        ? new Date(`${new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10)}T00:00:00+08:00`)
        : null;
    if (!date || Number.isNaN(date.getTime()) || date.getTime() > Date.now() || date.getUTCFullYear() < 1950) {
      problems.push(rowProblem(raw.row, 'joinedAt', 'joined_at_invalid', { value: joinedText }));
    } else joinedAt = date;
  }
  if (problems.length > 0 || !checked.ok) return { ok: false, problems };
  let org: Org | null;
  const unionText = (c.union ?? '').trim();
  if (unionText) {
    const found = await unions.named(unionText);
    if (found.length === 0) return { ok: false, problems: [rowProblem(raw.row, 'union', 'union_not_found', { value: unionText })] };
    if (found.length > 1) return { ok: false, problems: [rowProblem(raw.row, 'union', 'union_ambiguous', { value: unionText })] };
    org = found[0] ?? null;
  } else {
    org = await unions.placed(checked.person);
  }
  if (!org) return { ok: false, problems: [rowProblem(raw.row, 'workRegionCode', 'no_union_in_scope')] };
  return { ok: true, row: { row: raw.row, person: checked.person, org, joinedAt, warnings } };
}
