// The uniform standard's rules: the default checklist, a union's own, and an inspection's conclusion.
import { describe, expect, it } from 'vitest';
import {
  checkInspection,
  checkStandard,
  DEFAULT_STANDARD,
  inspectionConclusion,
  rectificationOverdue,
  type InspectionAnswer,
  type StandardPoint,
} from './rules.js';

const allPass = (standard: readonly StandardPoint[]): InspectionAnswer[] => standard.map((p) => ({ code: p.code, result: 'pass' }));
const answering = (code: string, answer: Omit<InspectionAnswer, 'code'>) =>
  allPass(DEFAULT_STANDARD).map((a) => (a.code === code ? { code, ...answer } : a));
const codes = (problems: { code: string }[]) => problems.map((p) => p.code);
const today = '2026-12-07';

describe('the default standard', () => {
  it('checks the sign, water, rest, charging, first aid, toilet, heat and cold, hours, a keeper, a ledger and fire safety, the microwave optional', () => {
    expect(DEFAULT_STANDARD).toHaveLength(12);
    expect(checkStandard(DEFAULT_STANDARD)).toEqual([]);
    expect(DEFAULT_STANDARD.filter((p) => !p.required).map((p) => p.code)).toEqual(['microwave']);
    expect(DEFAULT_STANDARD.map((p) => p.text)).toContain('统一标识标牌（门口悬挂，醒目可见）');
  });
});

describe(checkStandard.name, () => {
  it('refuses an empty checklist, a malformed code and a code used twice', () => {
    expect(codes(checkStandard([]))).toEqual(['stations.standard_empty']);
    const problems = checkStandard([
      { code: 'sign', text: '统一标识', required: true },
      { code: 'Sign!', text: '标牌', required: true },
      { code: 'sign', text: '又一个标识', required: false },
    ]);
    expect(problems).toMatchObject([
      { field: 'items.1.code', code: 'stations.standard_code_invalid' },
      { field: 'items.2.code', code: 'stations.standard_code_twice', message: '检查项编码「sign」重复了' },
    ]);
  });

  it('keeps a checklist to fifty points', () => {
    const long = Array.from({ length: 51 }, (_, i) => ({ code: `p${i}`, text: `第${i}项`, required: false }));
    expect(codes(checkStandard(long))).toEqual(['stations.standard_too_long']);
  });
});

describe(inspectionConclusion.name, () => {
  it('asks for rectification when a required point fails, not when an optional one does', () => {
    expect(inspectionConclusion(DEFAULT_STANDARD, allPass(DEFAULT_STANDARD))).toBe('meets');
    expect(inspectionConclusion(DEFAULT_STANDARD, answering('microwave', { result: 'fail', note: '微波炉坏了' }))).toBe('meets');
    expect(inspectionConclusion(DEFAULT_STANDARD, answering('first_aid', { result: 'fail', note: '药品过期' }))).toBe('rectify');
    expect(inspectionConclusion(DEFAULT_STANDARD, answering('first_aid', { result: 'not_applicable', note: '—' }))).toBe('meets');
  });
});

describe(checkInspection.name, () => {
  it('takes a complete inspection that meets the standard', () => {
    expect(checkInspection(DEFAULT_STANDARD, { visitedOn: today, answers: allPass(DEFAULT_STANDARD) }, today)).toEqual([]);
  });

  it('wants a date to put things right by when a required point fails, today or later', () => {
    const answers = answering('fire_safety', { result: 'fail', note: '灭火器过期' });
    expect(codes(checkInspection(DEFAULT_STANDARD, { visitedOn: today, answers }, today))).toEqual(['stations.rectify_by_missing']);
    const past = checkInspection(DEFAULT_STANDARD, { visitedOn: '2026-12-01', answers, rectifyBy: '2026-12-06' }, today);
    expect(past).toMatchObject([{ field: 'rectifyBy', code: 'stations.rectify_by_past', message: expect.stringContaining('2026-12-06') }]);
    expect(checkInspection(DEFAULT_STANDARD, { visitedOn: today, answers, rectifyBy: today }, today)).toEqual([]);
  });

  it('names a point the standard lacks, a point answered twice and each point left out', () => {
    const answers = [
      ...allPass(DEFAULT_STANDARD).filter((a) => a.code !== 'keeper' && a.code !== 'microwave'),
      { code: 'wifi', result: 'pass' as const },
      { code: 'water', result: 'pass' as const },
    ];
    const problems = checkInspection(DEFAULT_STANDARD, { visitedOn: today, answers }, today);
    expect(problems).toMatchObject([
      { field: 'results.10.code', code: 'stations.inspection_point_unknown', message: expect.stringContaining('wifi') },
      { field: 'results.11.code', code: 'stations.inspection_point_twice', message: '「饮水设备（冷热饮用水）」填了两次' },
      { field: 'results', code: 'stations.inspection_point_missing', message: '「微波炉或其他热饭设备」还没有填写检查结果' },
      { field: 'results', code: 'stations.inspection_point_missing', message: '「专人管理与值守」还没有填写检查结果' },
    ]);
  });

  it('wants a failure explained, and a reason for calling a required point not applicable', () => {
    const failed = checkInspection(
      DEFAULT_STANDARD,
      { visitedOn: today, answers: answering('microwave', { result: 'fail', note: ' ' }) },
      today,
    );
    expect(codes(failed)).toEqual(['stations.inspection_fail_unexplained']);
    const skipped = checkInspection(
      DEFAULT_STANDARD,
      { visitedOn: today, answers: answering('toilet', { result: 'not_applicable' }) },
      today,
    );
    expect(codes(skipped)).toEqual(['stations.inspection_required_not_applicable']);
    const optional = checkInspection(
      DEFAULT_STANDARD,
      { visitedOn: today, answers: answering('microwave', { result: 'not_applicable' }) },
      today,
    );
    expect(optional).toEqual([]);
  });

  it('refuses a visit dated in the future', () => {
    const problems = checkInspection(DEFAULT_STANDARD, { visitedOn: '2026-12-08', answers: allPass(DEFAULT_STANDARD) }, today);
    expect(problems).toMatchObject([{ field: 'visitedOn', code: 'stations.inspection_visit_in_future' }]);
  });
});

describe(rectificationOverdue.name, () => {
  it('is overdue only after the day to put things right by', () => {
    expect(rectificationOverdue({ conclusion: 'rectify', rectifyBy: '2026-12-06' }, today)).toBe(true);
    expect(rectificationOverdue({ conclusion: 'rectify', rectifyBy: today }, today)).toBe(false);
    expect(rectificationOverdue({ conclusion: 'meets', rectifyBy: null }, today)).toBe(false);
    expect(rectificationOverdue(null, today)).toBe(false);
  });
});
