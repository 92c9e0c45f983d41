import { describe, expect, it } from 'vitest';
import type { FileStep, Settings } from './api.ts';
import {
  allowedActions,
  bandOf,
  categoryMark,
  changedPaths,
  checklistOf,
  defaultChecklist,
  fenToYuanText,
  FILE_STATUSES,
  formPathOf,
  gaugeOf,
  householdFigures,
  newMemberRow,
  newRegisterValues,
  objectionsOf,
  openObjections,
  parseYuan,
  primaryAction,
  reasonLabelOf,
  relativeLineFen,
  settingsFieldOf,
  settingsSource,
  stepFacts,
  stepKindText,
  stepPathOf,
  toFileBody,
  toSettingsBody,
  toSettingsValues,
  type RegisterValues,
} from './rules.ts';

const step = (
  kind: string,
  details: Record<string, unknown> = {},
  reason: string | null = null,
  at = '2026-06-01T02:00:00.000Z',
): FileStep => ({
  kind,
  details,
  reason,
  actorName: '柯桥区总工会管理员',
  at,
});

describe(parseYuan.name, () => {
  it('reads yuan as staff type them, to exact fen, zero included (a child earns nothing)', () => {
    expect(parseYuan('2,400')).toEqual({ ok: true, fen: 240_000 });
    expect(parseYuan('2400')).toEqual({ ok: true, fen: 240_000 });
    expect(parseYuan(' 800.5 ')).toEqual({ ok: true, fen: 80_050 });
    expect(parseYuan('0.29')).toEqual({ ok: true, fen: 29 });
    expect(parseYuan('0')).toEqual({ ok: true, fen: 0 });
    expect(parseYuan('-0')).toEqual({ ok: true, fen: 0 });
    expect(parseYuan('007')).toEqual({ ok: true, fen: 700 });
  });

  it('leaves a blank box to the caller', () => {
    expect(parseYuan('')).toBeNull();
    expect(parseYuan('   ')).toBeNull();
    expect(parseYuan(undefined)).toBeNull();
  });

  it('refuses three decimals, negative amounts, absurd ones and text that is no amount', () => {
    expect(parseYuan('1.234')).toEqual({ ok: false, problem: 'not_integer' });
    expect(parseYuan('-100')).toEqual({ ok: false, problem: 'negative' });
    expect(parseYuan('10,000,000.01')).toEqual({ ok: false, problem: 'too_large' });
    expect(parseYuan('99999999999999999')).toEqual({ ok: false, problem: 'too_large' });
    for (const text of ['abc', '1,23', '¥100', '1.', '.5', '1e3']) expect(parseYuan(text), text).toEqual({ ok: false, problem: 'format' });
  });
});

describe(fenToYuanText.name, () => {
  it('writes fen back as the yuan a box shows', () => {
    expect(fenToYuanText(100_000)).toBe('1000');
    expect(fenToYuanText(80_050)).toBe('800.5');
    expect(fenToYuanText(80_005)).toBe('800.05');
    expect(fenToYuanText(0)).toBe('0');
    expect(parseYuan(fenToYuanText(123_456))).toEqual({ ok: true, fen: 123_456 });
  });
});

describe(householdFigures.name, () => {
  it('adds the household up as the rows stand: 2,400 yuan for three is 800 yuan a head', () => {
    expect(householdFigures([{ monthlyIncome: '2,400' }, { monthlyIncome: '0' }, { monthlyIncome: '' }])).toEqual({
      size: 3,
      totalFen: 240_000,
      perCapitaFen: 80_000,
    });
  });

  it('rounds the per-capita income down to the fen, as the server does', () => {
    expect(householdFigures([{ monthlyIncome: '10' }, { monthlyIncome: '0' }, { monthlyIncome: '0' }]).perCapitaFen).toBe(333);
  });

  it('says nothing of the totals while an income is no amount', () => {
    expect(householdFigures([{ monthlyIncome: '2400' }, { monthlyIncome: 'abc' }])).toEqual({
      size: 2,
      totalFen: null,
      perCapitaFen: null,
    });
    expect(householdFigures([])).toEqual({ size: 0, totalFen: 0, perCapitaFen: null });
  });
});

describe(toFileBody.name, () => {
  const values: RegisterValues = {
    orgId: 'org-street',
    applicant: { name: ' 王建军 ', idNumber: '330603198503120016', phone: '13800000001' },
    address: '  ',
    members: [
      { ...newMemberRow('self'), age: 41, monthlyIncome: '2,400' },
      { ...newMemberRow('spouse'), name: '李秀英', idNumber: ' ', age: 39, health: 'unable_to_work', monthlyIncome: '0' },
      { ...newMemberRow('child'), name: '王小明', age: 10, schooling: 'primary', monthlyIncome: '' },
    ],
    causes: [{ cause: 'illness', since: '2026-03-01' }, {}],
    oneOffBurden: '',
  };

  it('names the applicant’s row after the applicant and declares the totals the rows add up to', () => {
    const body = toFileBody(values, 'org-own');
    expect(body.orgId).toBe('org-street');
    expect(body.applicant).toEqual({ name: '王建军', idNumber: '330603198503120016', phone: '13800000001' });
    expect(body.members[0]).toEqual({
      relation: 'self',
      name: '王建军',
      idNumber: '330603198503120016',
      age: 41,
      health: 'healthy',
      schooling: 'not_applicable',
      monthlyIncomeFen: 240_000,
    });
    expect(body.members[1]).toMatchObject({ name: '李秀英', idNumber: null, health: 'unable_to_work', monthlyIncomeFen: 0 });
    expect(body.members[2]).toMatchObject({ relation: 'child', schooling: 'primary', monthlyIncomeFen: 0 });
    expect([body.declaredSize, body.declaredMonthlyIncomeFen]).toEqual([3, 240_000]);
  });

  it('drops an empty cause row, a blank burden and a blank address', () => {
    const body = toFileBody(values, 'org-own');
    expect(body.causes).toEqual([{ cause: 'illness', since: '2026-03-01' }]);
    expect('oneOffBurdenFen' in body).toBe(false);
    expect(body.address).toBeNull();
  });

  it('sends a burden in fen and the staff member’s union when none is chosen', () => {
    const body = toFileBody({ ...values, orgId: undefined, oneOffBurden: '30,000' }, 'org-own');
    expect(body.orgId).toBe('org-own');
    expect(body.oneOffBurdenFen).toBe(3_000_000);
  });

  it('starts a registration from the applicant’s own row and one cause to fill in', () => {
    const fresh = newRegisterValues('org-own');
    expect(fresh.members.map((m) => m.relation)).toEqual(['self']);
    expect(fresh.causes).toEqual([{}]);
    expect(newMemberRow('child').schooling).toBe('primary');
    expect(newMemberRow('parent').schooling).toBe('not_applicable');
  });
});

describe(formPathOf.name, () => {
  it('puts the server’s problems under the boxes they name, the amounts under their yuan boxes', () => {
    expect(formPathOf('members.2.age')).toEqual(['members', 2, 'age']);
    expect(formPathOf('members.1.monthlyIncomeFen')).toEqual(['members', 1, 'monthlyIncome']);
    expect(formPathOf('body.members.0.relation')).toEqual(['members', 0, 'relation']);
    expect(formPathOf('applicant.idNumber')).toEqual(['applicant', 'idNumber']);
    expect(formPathOf('causes.0.since')).toEqual(['causes', 0, 'since']);
    expect(formPathOf('oneOffBurdenFen')).toEqual(['oneOffBurden']);
    expect(formPathOf('orgId')).toEqual(['orgId']);
  });

  it('leaves what names no box to the alert: the household as a whole, the totals the form computes', () => {
    for (const field of [
      'members',
      'members.1',
      'causes',
      'declaredSize',
      'declaredMonthlyIncomeFen',
      'applicant',
      'request',
      '',
      undefined,
    ]) {
      expect(formPathOf(field), String(field)).toBeNull();
    }
  });
});

describe(stepPathOf.name, () => {
  it('finds a step form’s boxes, a list’s row boxes, and nothing else', () => {
    const visit = stepPathOf(['visitedOn', 'visitors', 'checklist', 'notes'], ['checklist']);
    expect(visit('body.visitors.1')).toEqual(['visitors']);
    expect(visit('checklist.2.note')).toEqual(['checklist', 2, 'note']);
    expect(visit('checklist')).toBeNull();
    expect(visit('body.reason')).toBeNull();
    expect(stepPathOf(['reason'])('body.reason')).toEqual(['reason']);
  });
});

describe(changedPaths.name, () => {
  it('names the boxes a change touched, skipping a list’s untouched rows', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(changedPaths({ members: [, { age: 5 }] })).toEqual([['members', 1, 'age']]);
    expect(changedPaths({ applicant: { idNumber: '3306' } })).toEqual([['applicant', 'idNumber']]);
    expect(changedPaths({ address: 'x' })).toEqual([['address']]);
    expect(changedPaths({ causes: [{ since: { format: () => '2026-03-01' } }] })).toEqual([['causes', 0, 'since']]);
  });
});

describe(categoryMark.name, () => {
  it('tells the rule’s category from one staff chose instead', () => {
    expect(categoryMark({ category: 'deep', computedCategory: 'deep' })).toBe('rule');
    expect(categoryMark({ category: 'relative', computedCategory: 'deep' })).toBe('adjusted');
    expect(categoryMark({ category: 'sudden', computedCategory: null })).toBe('adjusted');
    expect(categoryMark({ category: null, computedCategory: null })).toBeNull();
  });
});

describe(allowedActions.name, () => {
  const all = { canEdit: true, canReview: true };

  it('offers each status the steps the server takes from it', () => {
    expect(allowedActions('applied', all)).toEqual(['visit', 'reject']);
    expect(allowedActions('visited', all)).toEqual(['visit', 'review', 'reject']);
    expect(allowedActions('reviewed', all)).toEqual(['publish', 'reject']);
    expect(allowedActions('under_notice', all)).toEqual(['object', 'approve', 'reject']);
    // A filed household is reviewed periodically (动态管理); a decided file takes nothing more.
    expect(allowedActions('filed', all)).toEqual(['periodicReview']);
    expect(allowedActions('filed', { canEdit: true, canReview: false })).toEqual([]);
    for (const status of ['rejected', 'exited'] as const) expect(allowedActions(status, all)).toEqual([]);
  });

  it('keeps the decisions for reviewers and the visit and objections for operators', () => {
    expect(allowedActions('under_notice', { canEdit: true, canReview: false })).toEqual(['object']);
    expect(allowedActions('visited', { canEdit: true, canReview: false })).toEqual(['visit']);
    expect(allowedActions('under_notice', { canEdit: false, canReview: false })).toEqual([]);
  });

  it('makes the step the file waits for the primary one', () => {
    expect(primaryAction(allowedActions('visited', all))).toBe('review');
    expect(primaryAction(allowedActions('applied', all))).toBe('visit');
    expect(primaryAction(allowedActions('under_notice', all))).toBe('approve');
    expect(primaryAction(allowedActions('under_notice', { canEdit: true, canReview: false }))).toBe('object');
    expect(primaryAction(['reject'])).toBeNull();
  });

  it('knows every status the server sends', () => {
    for (const status of FILE_STATUSES) expect(Array.isArray(allowedActions(status, all))).toBe(true);
  });
});

describe(objectionsOf.name, () => {
  const steps = [
    step('notice_published', { from: '2026-06-01', until: '2026-06-01' }),
    step('objection_raised', { objectionId: 'o1', raisedBy: '同小区居民' }, '其配偶在外打零工，有收入未申报', '2026-06-01T03:00:00.000Z'),
    step('objection_raised', { objectionId: 'o2', raisedBy: null }, '家中有车', '2026-06-01T04:00:00.000Z'),
    step('objection_resolved', { objectionId: 'o1', upheld: false }, '经核实，配偶丧失劳动能力，无收入', '2026-06-01T05:00:00.000Z'),
  ];

  it('pairs each objection with how it was settled', () => {
    const [first, second] = objectionsOf(steps);
    expect(first).toMatchObject({ id: 'o1', content: '其配偶在外打零工，有收入未申报', raisedBy: '同小区居民' });
    expect(first?.resolution).toEqual({
      upheld: false,
      text: '经核实，配偶丧失劳动能力，无收入',
      by: '柯桥区总工会管理员',
      at: '2026-06-01T05:00:00.000Z',
    });
    expect(second).toMatchObject({ id: 'o2', raisedBy: null, resolution: null });
    expect(openObjections(steps).map((o) => o.id)).toEqual(['o2']);
  });

  it('ignores steps without an objection id', () => {
    expect(objectionsOf([step('objection_raised', {}, 'x')])).toEqual([]);
  });
});

describe('a step in the timeline', () => {
  it('reads a visit’s checklist, leaving out what cannot be read', () => {
    const details = {
      checklist: [{ item: '收入核实', ok: true, note: null }, { item: '住房情况', ok: false, note: '租住' }, { ok: true }, 'x'],
    };
    expect(checklistOf(details)).toEqual([
      { item: '收入核实', ok: true, note: null },
      { item: '住房情况', ok: false, note: '租住' },
    ]);
    expect(checklistOf({})).toEqual([]);
  });

  it('says what each step found or decided', () => {
    expect(stepFacts(step('visited', { visitedOn: '2026-06-01', visitors: ['张三', '李四'] }))).toEqual([
      { label: '核查日期', value: '2026-06-01' },
      { label: '走访人', value: '张三、李四' },
    ]);
    expect(stepFacts(step('reviewed', { category: 'relative', computedCategory: 'deep', overridden: true }))).toEqual([
      { label: '认定类别', value: '相对困难' },
      { label: '规则认定', value: '深度困难' },
    ]);
    expect(stepFacts(step('reviewed', { category: 'deep', computedCategory: 'deep', overridden: false }))).toEqual([
      { label: '认定类别', value: '深度困难' },
    ]);
    expect(stepFacts(step('notice_published', { from: '2026-06-01', until: '2026-06-05' }))).toEqual([
      { label: '公示期', value: '2026-06-01 至 2026-06-05' },
    ]);
    expect(stepFacts(step('objection_resolved', { upheld: true }))).toEqual([{ label: '处理结果', value: '成立' }]);
    expect(stepFacts(step('filed', { filedOn: '2026-06-10', reviewDueOn: '2027-06-10' }))).toEqual([
      { label: '建档日期', value: '2026-06-10' },
      { label: '下次复核', value: '2027-06-10' },
    ]);
    expect(stepFacts(step('applied', { channel: 'staff', computedCategory: null }))).toEqual([
      { label: '来源', value: '工作人员登记' },
      { label: '规则认定', value: '不属于困难家庭' },
    ]);
    expect(stepFacts(step('rejected'))).toEqual([]);
  });

  it('names steps and their reasons, an unknown kind as the server sends it', () => {
    expect(stepKindText('notice_published')).toBe('发布公示');
    expect(stepKindText('moved_away')).toBe('moved_away');
    expect(reasonLabelOf('reviewed')).toBe('审核意见');
    expect(reasonLabelOf('objection_raised')).toBe('异议内容');
    expect(reasonLabelOf('filed')).toBe('原因');
  });

  it('starts a visit from eight points every home visit checks, all found true', () => {
    const list = defaultChecklist();
    expect(list).toHaveLength(8);
    expect(list.map((c) => c.item)).toContain('家庭成员核实');
    expect(list.map((c) => c.item)).toContain('证明材料齐全');
    expect(list.every((c) => c.ok && c.note === '')).toBe(true);
  });
});

describe('the lines', () => {
  const lines = { deepFen: 100_000, relativeFen: 150_000 };

  it('puts a household exactly on a line inside it', () => {
    expect(bandOf(80_000, lines)).toBe('deep');
    expect(bandOf(100_000, lines)).toBe('deep');
    expect(bandOf(100_001, lines)).toBe('relative');
    expect(bandOf(150_000, lines)).toBe('relative');
    expect(bandOf(150_001, lines)).toBe('above');
  });

  it('keeps the income and both lines inside the gauge', () => {
    expect(gaugeOf(80_000, lines)).toEqual({ income: 42.7, deep: 53.3, relative: 80 });
    const far = gaugeOf(600_000, lines);
    expect(far.income).toBe(80);
    expect(far.relative).toBeLessThan(far.income);
    expect(gaugeOf(0, { deepFen: 0, relativeFen: 0 })).toEqual({ income: 0, deep: 0, relative: 0 });
  });

  it('draws the relative line in thousandths, as the server does', () => {
    expect(relativeLineFen(100_000, 1.5)).toBe(150_000);
    expect(relativeLineFen(100_000, 1.15)).toBe(115_000);
    expect(relativeLineFen(93_333, 1.5)).toBe(139_999);
  });
});

describe('the threshold', () => {
  const keqiao: Settings = {
    orgId: 'keqiao',
    minimumLivingFen: 100_000,
    relativeMultiple: 1.5,
    suddenBurdenMonths: 6,
    noticeDays: 1,
    callbackSharePct: 20,
  };

  it('says whose threshold applies at a union', () => {
    expect(settingsSource(keqiao, 'keqiao')).toBe('own');
    expect(settingsSource(keqiao, 'keqiao-street')).toBe('inherited');
    expect(settingsSource(null, 'keqiao')).toBe('none');
  });

  it('fills the form from a threshold, or from the server’s defaults when there is none', () => {
    expect(toSettingsValues(keqiao)).toEqual({
      minimumLiving: '1000',
      relativeMultiple: 1.5,
      suddenBurdenMonths: 6,
      noticeDays: 1,
      callbackSharePct: 20,
    });
    expect(toSettingsValues(null)).toEqual({
      minimumLiving: '',
      relativeMultiple: 1.5,
      suddenBurdenMonths: 6,
      noticeDays: 5,
      callbackSharePct: 10,
    });
  });

  it('sends the 低保 standard in fen, and -1 for what is no amount (the server refuses it under its box)', () => {
    // A share set elsewhere goes back as it came: saving the lines does not reset it.
    expect(toSettingsBody({ ...toSettingsValues(keqiao), minimumLiving: '1,000' })).toEqual({
      minimumLivingFen: 100_000,
      relativeMultiple: 1.5,
      suddenBurdenMonths: 6,
      noticeDays: 1,
      callbackSharePct: 20,
    });
    expect(toSettingsBody({ minimumLiving: 'abc', relativeMultiple: null })).toEqual({ minimumLivingFen: -1 });
    expect(settingsFieldOf('minimumLivingFen')).toBe('minimumLiving');
    expect(settingsFieldOf('body.noticeDays')).toBe('noticeDays');
    expect(settingsFieldOf('callbackSharePct')).toBe('callbackSharePct');
    expect(settingsFieldOf('orgId')).toBeNull();
  });
});
