import { describe, expect, it } from 'vitest';
import { CONTACT_OUTCOMES, OUTREACH_STATUSES, type SkipReason, type StaffOption } from './api.ts';
import {
  assignableStaff,
  censusAbilities,
  countText,
  defaultCampaign,
  filterParams,
  invitationPreview,
  invitationSummary,
  isCampaignName,
  matchesAssigned,
  namesText,
  percentText,
  readFilter,
  regionBelow,
  shanghaiYear,
  shareOf,
  skippedByReason,
  stillListed,
  totalText,
} from './rules.ts';

describe(countText.name, () => {
  it('writes thousands separators, and — for no value', () => {
    expect(countText(1472)).toBe('1,472');
    expect(countText(0)).toBe('0');
    expect(countText(12_345_678)).toBe('12,345,678');
    expect(countText(null)).toBe('—');
    expect(countText(undefined)).toBe('—');
  });
});

describe(percentText.name, () => {
  it('writes a rate with one decimal, past 100% when a target is passed, and — for no rate', () => {
    expect(percentText(0.1234)).toBe('12.3%');
    expect(percentText(0)).toBe('0.0%');
    expect(percentText(1)).toBe('100.0%');
    expect(percentText(1.2)).toBe('120.0%');
    expect(percentText(2 / 3)).toBe('66.7%');
    expect(percentText(null)).toBe('—');
    expect(percentText(Number.NaN)).toBe('—');
  });

  it('gives joined ÷ sent of a campaign, none for a campaign that sent nothing', () => {
    expect(percentText(shareOf(3, 40))).toBe('7.5%');
    expect(percentText(shareOf(0, 0))).toBe('—');
  });
});

describe(regionBelow.name, () => {
  const path = [
    { code: '33', name: '浙江省' },
    { code: '3306', name: '绍兴市' },
    { code: '330603', name: '柯桥区' },
    { code: '330603001', name: '柯桥街道' },
  ];
  it('names the places below the staff member’s own area', () => {
    expect(regionBelow(path, '330603')).toBe('柯桥街道');
    expect(regionBelow(path, '3306')).toBe('柯桥区 柯桥街道');
    expect(regionBelow(path, '')).toBe('浙江省 绍兴市 柯桥区 柯桥街道');
  });

  it('names the area itself for a person placed no finer than it, nothing for an unknown code', () => {
    expect(regionBelow(path.slice(0, 3), '330603')).toBe('柯桥区');
    expect(regionBelow([], '330603')).toBeNull();
  });
});

describe(shanghaiYear.name, () => {
  it('turns the year at midnight in Shanghai, not in UTC', () => {
    expect(shanghaiYear(new Date('2025-12-31T15:59:59Z'))).toBe(2025);
    expect(shanghaiYear(new Date('2025-12-31T16:00:00Z'))).toBe(2026);
  });
});

describe(readFilter.name, () => {
  it('defaults to the not-yet-members of everyone, and drops what the server would refuse', () => {
    expect(readFilter(new URLSearchParams())).toEqual({
      region: undefined,
      trade: undefined,
      coverage: 'not_members',
      outreach: undefined,
      assigned: 'all',
    });
    expect(readFilter(new URLSearchParams('region=3306031&trade=pilot&coverage=x&outreach=y&assigned=someone'))).toEqual({
      region: undefined,
      trade: undefined,
      coverage: 'not_members',
      outreach: undefined,
      assigned: 'all',
    });
  });

  it('reads a township, a trade, a coverage, a status and an assignment', () => {
    const filter = readFilter(new URLSearchParams('region=330603001&trade=courier&coverage=probable&outreach=contacted&assigned=me'));
    expect(filter).toEqual({ region: '330603001', trade: 'courier', coverage: 'probable', outreach: 'contacted', assigned: 'me' });
    expect(filterParams(filter)).toEqual({
      region: '330603001',
      trade: 'courier',
      coverage: 'probable',
      outreach: 'contacted',
      assigned: 'me',
    });
  });

  it('leaves the defaults out of the address', () => {
    expect(filterParams({ coverage: 'not_members', assigned: 'all' })).toEqual({});
  });
});

describe(invitationPreview.name, () => {
  it('counts members and people without a mobile apart from those an SMS can reach', () => {
    const people = [
      { isMember: false, phoneMasked: '138****0001' },
      { isMember: false, phoneMasked: null },
      { isMember: true, phoneMasked: '138****0002' },
      { isMember: true, phoneMasked: null },
      { isMember: false, phoneMasked: '138****0003' },
    ];
    expect(invitationPreview(people)).toEqual({ reachable: 2, member: 2, noPhone: 1 });
    expect(invitationPreview([])).toEqual({ reachable: 0, member: 0, noPhone: 0 });
  });
});

describe(invitationSummary.name, () => {
  it('says what was sent and, when anyone was skipped, why', () => {
    expect(invitationSummary({ sent: 1200, skipped: { member: 3, noPhone: 12, recent: 0 } })).toBe(
      '已发送 1,200 条；跳过：已是会员 3、无手机号 12、7 天内已邀请 0',
    );
    expect(invitationSummary({ sent: 2, skipped: { member: 0, noPhone: 0, recent: 0 } })).toBe('已发送 2 条');
    expect(invitationSummary({ sent: 0, skipped: { member: 0, noPhone: 0, recent: 2 } })).toBe(
      '已发送 0 条；跳过：已是会员 0、无手机号 0、7 天内已邀请 2',
    );
  });
});

describe(defaultCampaign.name, () => {
  it('names the year’s drive, and its trade when one is shown', () => {
    expect(defaultCampaign(2026, undefined)).toBe('2026年入会集中行动');
    expect(defaultCampaign(2026, 'courier')).toBe('2026年快递员入会集中行动');
    expect(isCampaignName(defaultCampaign(2026, 'real_estate_agent'))).toBe(true);
  });
});

describe(isCampaignName.name, () => {
  it('takes 2–60 characters once trimmed, as the server', () => {
    expect(isCampaignName(' 春风 ')).toBe(true);
    expect(isCampaignName(' 春 ')).toBe(false);
    expect(isCampaignName('')).toBe(false);
    expect(isCampaignName('入'.repeat(60))).toBe(true);
    expect(isCampaignName('入'.repeat(61))).toBe(false);
  });
});

describe(stillListed.name, () => {
  const notMember = { isMember: false, match: null } as const;
  const probable = { isMember: false, match: 'probable' } as const;
  const confirmed = { isMember: true, match: 'confirmed' } as const;
  const rejected = { isMember: false, match: null } as const;

  it('drops a confirmed match from the not-yet-members and from the probable ones', () => {
    expect(stillListed(confirmed, 'not_members')).toBe(false);
    expect(stillListed(confirmed, 'probable')).toBe(false);
    expect(stillListed(confirmed, 'members')).toBe(true);
    expect(stillListed(confirmed, 'all')).toBe(true);
  });

  it('keeps a rejected match among the not-yet-members only', () => {
    expect(stillListed(rejected, 'not_members')).toBe(true);
    expect(stillListed(rejected, 'probable')).toBe(false);
    expect(stillListed(rejected, 'members')).toBe(false);
  });

  it('keeps a probable match among the not-yet-members and the probable ones', () => {
    expect(stillListed(probable, 'not_members')).toBe(true);
    expect(stillListed(probable, 'probable')).toBe(true);
    expect(stillListed(notMember, 'all')).toBe(true);
  });
});

describe(matchesAssigned.name, () => {
  const me = '0190a000-0000-7000-8000-000000000001';
  const other = '0190a000-0000-7000-8000-000000000002';
  it('keeps people on “mine” only while they are mine, on “nobody’s” only while unassigned', () => {
    expect(matchesAssigned({ assignedStaffId: me }, 'me', me)).toBe(true);
    expect(matchesAssigned({ assignedStaffId: other }, 'me', me)).toBe(false);
    expect(matchesAssigned({ assignedStaffId: null }, 'none', me)).toBe(true);
    expect(matchesAssigned({ assignedStaffId: other }, 'none', me)).toBe(false);
    expect(matchesAssigned({ assignedStaffId: other }, 'all', me)).toBe(true);
  });
});

describe(assignableStaff.name, () => {
  const staff = (name: string, role: StaffOption['role']): StaffOption => ({ id: name, name, orgName: '柯桥区总工会', role });

  it('offers those who can record contacts first, then by name', () => {
    const list = [
      staff('查看乙', 'viewer'),
      staff('经办乙', 'operator'),
      staff('管理', 'admin'),
      staff('经办甲', 'operator'),
      staff('审核', 'reviewer'),
    ];
    expect(assignableStaff(list).map((s) => s.name)).toEqual(['管理', '经办甲', '经办乙', '审核', '查看乙']);
    // The server's order is left alone.
    expect(list[0]?.name).toBe('查看乙');
  });
});

describe(totalText.name, () => {
  it('says how many the filter holds, and that there are more once the server stopped counting', () => {
    expect(totalText({ total: 1234, totalCapped: false })).toBe('共 1,234 人');
    expect(totalText({ total: 0, totalCapped: false })).toBe('共 0 人');
    expect(totalText({ total: 10_000, totalCapped: true })).toBe('10,000+ 人');
    expect(totalText(null)).toBe('');
  });
});

describe(namesText.name, () => {
  const named = (n: number) => Array.from({ length: n }, (_, i) => ({ maskedName: `张${i}*` }));
  it('names the first ten, and how many in all when there are more', () => {
    expect(namesText(named(2))).toBe('张0*、张1*');
    expect(namesText(named(12))).toBe(
      `${named(10)
        .map((p) => p.maskedName)
        .join('、')} 等 12 人`,
    );
    expect(namesText(named(3), 2)).toBe('张0*、张1* 等 3 人');
    expect(namesText([])).toBe('');
  });
});

describe(skippedByReason.name, () => {
  it('groups the skipped people by the server’s reason, leaving out reasons nobody fell under', () => {
    const person = (personId: string, reason: SkipReason) => ({ personId, maskedName: personId, maskedPhone: null, reason });
    const groups = skippedByReason([person('a', 'recent'), person('b', 'member'), person('c', 'recent')]);
    expect(groups.map((g) => [g.reason, g.people.map((p) => p.personId)])).toEqual([
      ['member', ['b']],
      ['recent', ['a', 'c']],
    ]);
    expect(skippedByReason([])).toEqual([]);
  });
});

describe(censusAbilities.name, () => {
  it('lets operators record and invite, reviewers decide matches, admins set targets', () => {
    expect(censusAbilities(undefined)).toEqual({ canEdit: false, canReview: false, canAdmin: false });
    expect(censusAbilities('viewer')).toEqual({ canEdit: false, canReview: false, canAdmin: false });
    expect(censusAbilities('operator')).toEqual({ canEdit: true, canReview: false, canAdmin: false });
    expect(censusAbilities('reviewer')).toEqual({ canEdit: true, canReview: true, canAdmin: false });
    expect(censusAbilities('admin')).toEqual({ canEdit: true, canReview: true, canAdmin: true });
  });
});

describe('the outreach choices', () => {
  it('are the server’s statuses and contact outcomes', async () => {
    // Through a variable: the web app has its own tsconfig, not the server's.
    const serverSchema = '../../../../../../src/modules/census/schema.ts';
    const server = (await import(/* @vite-ignore */ serverSchema)) as {
      OUTREACH_STATUSES: readonly string[];
      CONTACT_OUTCOMES: readonly string[];
    };
    expect([...OUTREACH_STATUSES]).toEqual([...server.OUTREACH_STATUSES]);
    expect([...CONTACT_OUTCOMES].sort()).toEqual([...server.CONTACT_OUTCOMES].sort());
  });
});
