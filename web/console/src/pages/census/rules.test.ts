import { describe, expect, it } from 'vitest';
import { LIST_MODES, SOURCE_KINDS } from './api.ts';
import type { Coverage, CoverageRow } from './api.ts';
import {
  canDrill,
  childLevel,
  countText,
  crumbsOf,
  defaultListArea,
  formationRows,
  isListArea,
  listHasReport,
  listMappingGaps,
  listStageKey,
  orderedChildren,
  shareOf,
  withinArea,
} from './rules.ts';

const figures = {
  census: 0,
  members: 0,
  probable: 0,
  notYetMembers: 0,
  rate: null,
  rollMembers: 0,
  newFormMembers: 0,
  joinedThisYear: 0,
  joinedNewFormThisYear: 0,
};
const row = (key: string, census: number, name = key): CoverageRow => ({ ...figures, key, name, level: null, census });

describe('the choices the console offers', () => {
  it('offers the server’s source kinds and modes', async () => {
    // Through a variable: the web app has its own tsconfig, not the server's.
    const serverSchema = '../../../../../src/modules/census/schema.ts';
    const server = (await import(/* @vite-ignore */ serverSchema)) as { SOURCE_KINDS: readonly string[] };
    expect([...SOURCE_KINDS].sort()).toEqual([...server.SOURCE_KINDS].sort());
    expect(LIST_MODES[0]).toBe('valid_rows');
  });
});

describe(isListArea.name, () => {
  it('takes a county or a township, as the upload does, and keeps uploads within the staff member’s area', () => {
    expect(isListArea('330603')).toBe(true);
    expect(isListArea('330603001')).toBe(true);
    expect(isListArea('3306')).toBe(false);
    expect(isListArea('33')).toBe(false);
    expect(isListArea(undefined)).toBe(false);
    expect(withinArea('330603001', '330603')).toBe(true);
    expect(withinArea('330602', '330603')).toBe(false);
    expect(withinArea('330602', '')).toBe(true);
    expect(defaultListArea('330603')).toBe('330603');
    expect(defaultListArea('3306')).toBeUndefined();
  });
});

describe(listMappingGaps.name, () => {
  const fields = [
    { key: 'name', required: true },
    { key: 'idNumber', required: false },
    { key: 'phone', required: false },
    { key: 'trade', required: false },
  ] as const;

  it('asks for a name, an ID or a mobile column, and a trade column unless the whole list has one', () => {
    expect(listMappingGaps(fields, {}, undefined)).toEqual({ missing: ['name'], needsIdOrPhone: true, needsTrade: true });
    expect(listMappingGaps(fields, { name: '姓名', phone: '联系电话' }, 'courier')).toEqual({
      missing: [],
      needsIdOrPhone: false,
      needsTrade: false,
    });
    expect(listMappingGaps(fields, { name: '姓名', idNumber: '身份证号码', trade: '从业类别' }, undefined).needsTrade).toBe(false);
  });
});

describe(listHasReport.name, () => {
  it('offers the report for errors, warnings and rows repeated in the file', () => {
    const none = { errorRows: 0, warningRows: 0, fileDuplicateRows: 0 };
    expect(listHasReport(none)).toBe(false);
    expect(listHasReport({ ...none, warningRows: 2 })).toBe(true);
    expect(listHasReport({ ...none, fileDuplicateRows: 1 })).toBe(true);
  });
});

describe(listStageKey.name, () => {
  it('says a stopped list stopped', () => {
    expect(listStageKey('failed')).toBe('consoleCensus.progress.stopped');
    expect(listStageKey('writing')).toBe('consoleCensus.progress.writing');
  });
});

describe(countText.name, () => {
  it('writes thousands separators, and a share of nothing is no share', () => {
    expect(countText(27000)).toBe('27,000');
    expect(shareOf(1, 3)).toBeCloseTo(1 / 3);
    expect(shareOf(0, 0)).toBeNull();
  });
});

describe(orderedChildren.name, () => {
  const coverage = {
    area: { code: '330603', name: '柯桥区', level: 'county' as const },
    children: [row('330603', 40), row('330603001', 900, '柯桥街道'), row('330603101', 300, '钱清街道')],
  };

  it('puts the people placed no finer than the area last, and drills into real regions only', () => {
    expect(orderedChildren(coverage).map((r) => r.key)).toEqual(['330603001', '330603101', '330603']);
    expect(canDrill(row('330603', 0), coverage.area)).toBe(false);
    expect(canDrill(row('330603001', 0), coverage.area)).toBe(true);
    expect(canDrill(row('3306', 0), { code: '33' })).toBe(true);
    expect(childLevel('330603')).toBe('township');
    expect(childLevel('')).toBe('province');
  });
});

describe(formationRows.name, () => {
  it('orders 单独组建, 区域联建, 行业统建, 未标注 and leaves out modes without unions', () => {
    const formation: Coverage['formation'] = [
      { mode: null, unions: 2, built: 0 },
      { mode: 'industry', unions: 3, built: 1 },
      { mode: 'single', unions: 40, built: 5 },
      { mode: 'regional', unions: 0, built: 0 },
    ];
    expect(formationRows(formation)).toEqual([
      { key: 'single', unions: 40, built: 5 },
      { key: 'industry', unions: 3, built: 1 },
      { key: 'none', unions: 2, built: 0 },
    ]);
  });
});

describe(crumbsOf.name, () => {
  it('starts at the staff member’s own area, or at the whole country for a national union', () => {
    const path = [
      { code: '330603', name: '柯桥区' },
      { code: '330603001', name: '柯桥街道' },
    ];
    expect(crumbsOf({ path }, '330603')).toEqual(path);
    expect(crumbsOf({ path: [{ code: '33', name: '浙江省' }] }, '')).toEqual([
      { code: '', name: null },
      { code: '33', name: '浙江省' },
    ]);
  });
});
