import { describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../platform/crypto/validators.js';
import {
  ageOn,
  checkApplicantId,
  employerNameOfUnion,
  choosePlacement,
  enclosingRegions,
  formatMemberNo,
  isValidMemberNo,
  needsReminder,
  nextStatus,
  probableDuplicateKey,
  retentionCutoff,
  reviewDueAt,
  type PlacementCandidate,
} from './rules.js';

// The 柯桥 tree of the seed page: 27 courier brands and 1,472 couriers covered by the district's
// courier-industry federation; the 饿了么 delivery hub in 柯桥街道 built its own union.
const union = (
  id: string,
  kind: PlacementCandidate['kind'],
  regionCode: string,
  extra: Partial<PlacementCandidate> = {},
): PlacementCandidate => ({
  id,
  name: id,
  kind,
  regionCode,
  trades: [],
  uscc: null,
  status: 'active',
  ...extra,
});
const KEQIAO = [
  union('柯桥区总工会', 'county', '330603'),
  union('柯桥街道总工会', 'township', '330603001'),
  union('柯岩街道总工会', 'township', '330603002'),
  union('柯桥区快递行业工会联合会', 'industry_federation', '330603', { trades: ['courier'] }),
  union('饿了么柯桥配送站工会', 'grassroots', '330603001', { uscc: '91330603MA2JP8Q4AK' }),
  union('绍兴市网约车行业工会联合会', 'industry_federation', '3306', { trades: ['ride_hailing'] }),
];

describe('placement: 行业覆盖、区域兜底, the employer union first', () => {
  it('puts a 柯桥 courier in the district courier federation', () => {
    expect(choosePlacement({ trade: 'courier', workRegionCode: '330603002', employerUscc: null }, KEQIAO)).toEqual({
      orgId: '柯桥区快递行业工会联合会',
      orgName: '柯桥区快递行业工会联合会',
      rule: 'industry_federation',
      matchedRegionCode: '330603',
    });
  });

  it('puts a rider of a street with no federation for riders in the street union', () => {
    expect(choosePlacement({ trade: 'food_delivery', workRegionCode: '330603002', employerUscc: null }, KEQIAO)).toMatchObject({
      orgId: '柯岩街道总工会',
      rule: 'township_union',
    });
  });

  it('puts a rider of the 饿了么 hub, which built its own union, in that union — even over a federation of the trade', () => {
    const withRiderFederation = [
      ...KEQIAO,
      union('柯桥区外卖行业工会联合会', 'industry_federation', '330603', { trades: ['food_delivery'] }),
    ];
    expect(
      choosePlacement({ trade: 'food_delivery', workRegionCode: '330603001', employerUscc: '91330603MA2JP8Q4AK' }, withRiderFederation),
    ).toMatchObject({ orgId: '饿了么柯桥配送站工会', rule: 'employer_union' });
  });

  it('takes the federation of the smallest enclosing area: a district federation beats the city one', () => {
    const both = [...KEQIAO, union('柯桥区网约车工会联合会', 'industry_federation', '330603', { trades: ['ride_hailing'] })];
    expect(choosePlacement({ trade: 'ride_hailing', workRegionCode: '330603001', employerUscc: null }, both)).toMatchObject({
      orgId: '柯桥区网约车工会联合会',
    });
    expect(choosePlacement({ trade: 'ride_hailing', workRegionCode: '330603001', employerUscc: null }, KEQIAO)).toMatchObject({
      orgId: '绍兴市网约车行业工会联合会',
      matchedRegionCode: '3306',
    });
  });

  it('falls back street → community → district, skips inactive unions, and gives null where no union serves', () => {
    const noStreet = KEQIAO.filter((u) => u.kind !== 'township');
    expect(choosePlacement({ trade: 'sanitation', workRegionCode: '330603002', employerUscc: null }, noStreet)).toMatchObject({
      orgId: '柯桥区总工会',
      rule: 'county_union',
    });
    const community = [...noStreet, union('柯迎社区工会', 'community', '330603002')];
    expect(choosePlacement({ trade: 'sanitation', workRegionCode: '330603002', employerUscc: null }, community)).toMatchObject({
      rule: 'community_union',
    });
    const inactiveHub = KEQIAO.map((u) => (u.kind === 'grassroots' ? { ...u, status: 'inactive' as const } : u));
    expect(
      choosePlacement({ trade: 'food_delivery', workRegionCode: '330603001', employerUscc: '91330603MA2JP8Q4AK' }, inactiveHub),
    ).toMatchObject({ rule: 'township_union' });
    expect(choosePlacement({ trade: 'courier', workRegionCode: '110101001', employerUscc: null }, [])).toBeNull();
  });

  it('lists the enclosing areas smallest first', () => {
    expect(enclosingRegions('330603001')).toEqual(['330603001', '330603', '3306', '33']);
  });
});

describe('who may join', () => {
  const id = (region: string, birth: string, seq = '123') => `${region}${birth}${seq}${idNumberCheckChar(`${region}${birth}${seq}`)}`;

  it('derives gender and birth date from the ID itself', () => {
    expect(checkApplicantId(id('330621', '19900307', '124'), '2026-11-23')).toEqual({
      ok: true,
      idNumber: id('330621', '19900307', '124'),
      facts: { birthDate: '1990-03-07', gender: 'female', regionCode: '330621' },
    });
  });

  it('refuses under 16 on the day before the 16th birthday, accepts on the day', () => {
    expect(checkApplicantId(id('330621', '20101124'), '2026-11-23')).toEqual({
      ok: false,
      problem: { field: 'idNumber', code: 'under_age' },
    });
    expect(checkApplicantId(id('330621', '20101123'), '2026-11-23').ok).toBe(true);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
  });

  it('names the ID problem: checksum, date, region, format', () => {
    const good = id('330621', '19900307');
    expect(checkApplicantId(`${good.slice(0, 17)}${good[17] === '1' ? '2' : '1'}`, '2026-11-23')).toMatchObject({
      problem: { code: 'id_number_checksum' },
    });
    expect(checkApplicantId(id('330621', '19900231'), '2026-11-23')).toMatchObject({ problem: { code: 'id_number_date' } });
    expect(checkApplicantId(id('990621', '19900307'), '2026-11-23')).toMatchObject({ problem: { code: 'id_number_region' } });
    expect(checkApplicantId('3306211990', '2026-11-23')).toMatchObject({ problem: { code: 'id_number_format' } });
  });

  it('keys probable duplicates by name, birth date and city', () => {
    expect(probableDuplicateKey(' 周杰 ', '1985-08-08', '330603001')).toBe('周杰|1985-08-08|3306');
  });
});

describe('member numbers', () => {
  it('are 14 characters: province, 11-digit sequence, ISO 7064 MOD 11-2 check', () => {
    const no = formatMemberNo('33', 42);
    expect(no).toMatch(/^3300000000042[\dX]$/);
    expect(isValidMemberNo(no)).toBe(true);
  });

  it('catch every single-digit typo and every swap of neighbours', () => {
    const no = formatMemberNo('44', 9_876_543);
    for (let i = 0; i < 13; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === no[i]) continue;
        expect(isValidMemberNo(`${no.slice(0, i)}${d}${no.slice(i + 1)}`)).toBe(false);
      }
      if (i < 12 && no[i] !== no[i + 1]) expect(isValidMemberNo(`${no.slice(0, i)}${no[i + 1]}${no[i]}${no.slice(i + 2)}`)).toBe(false);
    }
  });

  it('refuse a bad province or sequence', () => {
    expect(() => formatMemberNo('3', 1)).toThrow();
    expect(() => formatMemberNo('33', 0)).toThrow();
  });
});

describe('statuses, reminders and retention', () => {
  it('allows only the transitions that make sense', () => {
    expect(nextStatus('active', 'suspend')).toBe('suspended');
    expect(nextStatus('suspended', 'reinstate')).toBe('active');
    expect(nextStatus('left', 'reinstate')).toBe('active');
    expect(nextStatus('active', 'reinstate')).toBeNull();
    expect(nextStatus('deceased', 'reinstate')).toBeNull();
    expect(nextStatus('deceased', 'leave')).toBeNull();
    expect(nextStatus('left', 'record_death')).toBe('deceased');
  });

  it('reminds at the review deadline, then once a day', () => {
    const submitted = new Date('2026-11-20T02:00:00Z');
    const due = reviewDueAt(submitted, 72);
    expect(due.toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(needsReminder(new Date('2026-11-23T01:59:00Z'), due, null)).toBe(false);
    expect(needsReminder(new Date('2026-11-23T02:01:00Z'), due, null)).toBe(true);
    expect(needsReminder(new Date('2026-11-23T12:00:00Z'), due, new Date('2026-11-23T02:01:00Z'))).toBe(false);
    expect(needsReminder(new Date('2026-11-24T02:02:00Z'), due, new Date('2026-11-23T02:01:00Z'))).toBe(true);
  });

  it('purges after the configured number of years', () => {
    expect(retentionCutoff(new Date('2026-11-23T00:00:00Z'), 3).toISOString()).toBe('2023-11-23T00:00:00.000Z');
  });
});

describe(employerNameOfUnion.name, () => {
  it('reads the employer from its union’s name, and leaves a name without a union suffix as it is', () => {
    expect(employerNameOfUnion('饿了么柯桥配送站工会')).toBe('饿了么柯桥配送站');
    expect(employerNameOfUnion('顺丰速运（绍兴）有限公司工会委员会')).toBe('顺丰速运（绍兴）有限公司');
    expect(employerNameOfUnion('美团外卖')).toBe('美团外卖');
    expect(employerNameOfUnion('工会')).toBe('工会');
  });
});
