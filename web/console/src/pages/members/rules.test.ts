import { describe, expect, it } from 'vitest';
import { MEMBER_STATUSES } from './api.ts';
import {
  allowedStatusActions,
  importHasReport,
  importProgressKey,
  importTemplateCsv,
  mappingGaps,
  STATUS_ACTIONS,
  withDirectRow,
} from './rules.ts';

describe(allowedStatusActions.name, () => {
  it('offers suspend from active, reinstate from suspended or left, leave from active or suspended, death from any but deceased', () => {
    expect(allowedStatusActions('active')).toEqual(['suspend', 'leave', 'record_death']);
    expect(allowedStatusActions('suspended')).toEqual(['reinstate', 'leave', 'record_death']);
    expect(allowedStatusActions('left')).toEqual(['reinstate', 'record_death']);
    expect(allowedStatusActions('deceased')).toEqual([]);
  });

  it('matches the server’s transitions', async () => {
    // Through a variable: the web app has its own tsconfig, not the server's.
    const serverRules = '../../../../../src/modules/members/rules.ts';
    const server = (await import(/* @vite-ignore */ serverRules)) as {
      nextStatus: (current: string, action: string) => string | null;
    };
    for (const status of MEMBER_STATUSES) {
      const expected = STATUS_ACTIONS.filter((action) => server.nextStatus(status, action) !== null);
      expect(allowedStatusActions(status), status).toEqual(expected);
    }
  });
});

describe(importTemplateCsv.name, () => {
  it('is the header row the import reads, with a BOM for Excel', () => {
    const csv = importTemplateCsv();
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).trim().split(',')).toEqual([
      '姓名',
      '身份证号',
      '手机号',
      '行业',
      '单位名称',
      '单位统一社会信用代码',
      '工作地区划代码',
      '工作地址',
      '所属工会',
      '入会日期',
    ]);
  });
});

describe(withDirectRow.name, () => {
  const row = (orgId: string, members: number, pendingApplications = 0) => ({
    orgId,
    orgName: orgId,
    kind: 'township',
    members,
    newFormMembers: members,
    joinsThisMonth: 0,
    joinsThisYear: members,
    pendingApplications,
  });

  it('adds the union’s own members (本级) so the rows add up to its totals', () => {
    const rows = withDirectRow({ node: row('county', 100, 5), children: [row('a', 60, 1), row('b', 30, 1)] });
    expect(rows.map((r) => [r.orgId, r.direct ?? false, r.members, r.pendingApplications])).toEqual([
      ['county', true, 10, 3],
      ['a', false, 60, 1],
      ['b', false, 30, 1],
    ]);
  });

  it('adds no 本级 row when the children hold everything, and no rows at all without children', () => {
    expect(withDirectRow({ node: row('county', 90), children: [row('a', 60), row('b', 30)] }).map((r) => r.orgId)).toEqual(['a', 'b']);
    expect(withDirectRow({ node: row('street', 12), children: [] })).toEqual([]);
  });
});

describe(mappingGaps.name, () => {
  const fields = [
    { key: 'name', required: true },
    { key: 'idNumber', required: true },
    { key: 'trade', required: true },
    { key: 'workAddress', required: false },
  ] as const;

  it('names the required fields without a column, and asks for a work place only when no column or region gives one', () => {
    expect(mappingGaps(fields, { name: '姓名' }, undefined)).toEqual({ missing: ['idNumber', 'trade'], needsWorkPlace: true });
    expect(mappingGaps(fields, { name: '姓名', idNumber: '身份证号码', trade: '从业类别', workAddress: '工作地点' }, undefined)).toEqual({
      missing: [],
      needsWorkPlace: false,
    });
    expect(mappingGaps(fields, { name: '姓名', idNumber: '身份证号码', trade: '从业类别' }, '330603').needsWorkPlace).toBe(false);
  });
});

describe(importHasReport.name, () => {
  it('offers the report for errors, repeats in the file, people on the roll and warnings alike', () => {
    const none = { errorRows: 0, duplicateRows: 0, fileDuplicateRows: 0, warningRows: 0 };
    expect(importHasReport(none)).toBe(false);
    expect(importHasReport({ ...none, warningRows: 1 })).toBe(true);
    expect(importHasReport({ ...none, fileDuplicateRows: 1 })).toBe(true);
  });
});

describe(importProgressKey.name, () => {
  it('says a stopped import stopped — a failed one is not "checking the file"', () => {
    expect(importProgressKey('failed')).toBe('consoleMembers.imports.progressStopped');
    expect(importProgressKey('validating')).toBe('consoleMembers.imports.progressValidating');
  });
});
