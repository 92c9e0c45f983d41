// The words of station lists as union offices send them (温州's 489 stations, 柯桥's 爱心翼站 in telecom
// halls, the 骑手之家 open 12 hours with a battery-swap cabinet round the clock), read and written back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amenityOf,
  formatAmenities,
  formatHours,
  normaliseHours,
  parseAmenities,
  parseArea,
  parseHours,
  parseKind,
  parsePhone,
  parsePoint,
  splitList,
} from './import-rules.js';
import { everyDay, type Opening, type OpeningHours, type Weekday } from './rules.js';

const hours = (text: string) => {
  const read = parseHours(text);
  if (!read.ok) throw new Error(`${text}: ${read.code}`);
  return read.value;
};
const refusal = (text: string) => {
  const read = parseHours(text);
  return read.ok ? null : read.code;
};
const days = (spec: Partial<Record<Weekday, [string, string][]>>): OpeningHours => ({
  alwaysOpen: false,
  days: Object.fromEntries(Object.entries(spec).map(([d, spans]) => [d, spans.map(([opens, closes]) => ({ opens, closes }))])),
});

describe(parseHours.name, () => {
  it('reads round the clock in every way it is written', () => {
    for (const text of [
      '24小时',
      '全天',
      '全天24小时',
      '24小时营业',
      '７×２４小时',
      '24h',
      '全年无休 24小时',
      '24小时全年无休',
      '0:00-24:00',
    ]) {
      expect(hours(text), text).toEqual({ alwaysOpen: true });
    }
  });

  it('reads one span a day with any dash, full-width digits and colons, and hours without minutes', () => {
    for (const text of [
      '08:00-20:00',
      '8:00—20:00',
      '8:00——20:00',
      '8：00～20：00',
      '８:００－２０:００',
      '8点到20点',
      '早8点至晚8点',
      '每天 8:00-20:00',
      '开放时间：8:00-20:00',
    ]) {
      expect(hours(text), text).toEqual(everyDay('08:00', '20:00'));
    }
    expect(hours('上午8点半-下午5点30')).toEqual(everyDay('08:30', '17:30'));
  });

  it('reads weekdays and weekends, ranges, lists and a later phrase overriding an earlier one', () => {
    expect(hours('周一至周五 9:00-17:00；周六 9:00-12:00')).toEqual(
      days({
        1: [['09:00', '17:00']],
        2: [['09:00', '17:00']],
        3: [['09:00', '17:00']],
        4: [['09:00', '17:00']],
        5: [['09:00', '17:00']],
        6: [['09:00', '12:00']],
      }),
    );
    expect(hours('工作日 8:30-17:30，周末 9:00-12:00')).toEqual(hours('星期一到星期五8:30-17:30 周六、周日9:00-12:00'));
    expect(hours('周一、三、五 9:00-11:00')).toEqual(days({ 1: [['09:00', '11:00']], 3: [['09:00', '11:00']], 5: [['09:00', '11:00']] }));
    expect(hours('每天8点到20点，周日休息')).toEqual(
      days(Object.fromEntries([1, 2, 3, 4, 5, 6].map((d) => [d, [['08:00', '20:00']]])) as Partial<Record<Weekday, [string, string][]>>),
    );
    expect(hours('周五至周一 10:00-22:00')).toEqual(
      days({ 5: [['10:00', '22:00']], 6: [['10:00', '22:00']], 7: [['10:00', '22:00']], 1: [['10:00', '22:00']] }),
    );
    expect(hours('周六 24小时')).toEqual(days({ 6: [['00:00', '24:00']] }));
  });

  it('reads a split day and a night that runs into the next morning', () => {
    expect(hours('8:00-12:00，14:00-18:00')).toEqual({
      alwaysOpen: false,
      days: Object.fromEntries(
        [1, 2, 3, 4, 5, 6, 7].map((d) => [
          d,
          [
            { opens: '08:00', closes: '12:00' },
            { opens: '14:00', closes: '18:00' },
          ],
        ]),
      ),
    });
    expect(hours('20:00-次日8:00')).toEqual(everyDay('20:00', '08:00'));
    expect(hours('8:00-20:00（12小时）')).toEqual(everyDay('08:00', '20:00'));
  });

  it('refuses "12小时" alone — how long, not when — and words it cannot read', () => {
    expect(refusal('12小时')).toBe('import_hours_duration_only');
    expect(refusal('12小时免费服务')).toBe('import_hours_duration_only');
    expect(refusal('周一至周五 12小时')).toBe('import_hours_duration_only');
    expect(refusal('')).toBe('import_hours_required');
    for (const text of ['看情况', '周一至周五', '8-20', '休息', '每天休息', '上班时间']) {
      expect(refusal(text), text).toBe('import_hours_unreadable');
    }
  });

  it('leaves impossible times to checkOpeningHours, as it reads them', () => {
    expect(hours('8:00-25:00')).toEqual(everyDay('08:00', '25:00'));
  });
});

describe(formatHours.name, () => {
  it('writes the words parseHours reads', () => {
    expect(formatHours({ alwaysOpen: true })).toBe('24小时');
    expect(formatHours(everyDay('08:00', '20:00'))).toBe('每天 08:00-20:00');
    expect(formatHours(hours('周一至周五 9:00-17:00；周六 9:00-12:00'))).toBe('周一至周五 09:00-17:00；周六 09:00-12:00');
    expect(formatHours(hours('周一、三、五 9:00-11:00'))).toBe('周一 09:00-11:00；周三 09:00-11:00；周五 09:00-11:00');
    expect(formatHours(hours('8:00-12:00，14:00-18:00'))).toBe('每天 08:00-12:00、14:00-18:00');
    expect(formatHours(days({ 6: [['00:00', '24:00']], 7: [['00:00', '24:00']] }))).toBe('周六至周日 24小时');
  });

  it('reads back every week it writes (any openings of any days)', () => {
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const opening = fc
      .tuple(time, fc.oneof(time, fc.constant('24:00')))
      .filter(([opens, closes]) => opens !== closes)
      .map(([opens, closes]): Opening => ({ opens, closes }));
    const week = fc
      .dictionary(fc.constantFrom('1', '2', '3', '4', '5', '6', '7'), fc.array(opening, { minLength: 1, maxLength: 3 }), { minKeys: 1 })
      .map((d): OpeningHours => ({ alwaysOpen: false, days: d }));
    fc.assert(
      fc.property(week, (h) => {
        expect(hours(formatHours(h))).toEqual(normaliseHours(h));
      }),
      { numRuns: 300 },
    );
  });
});

describe(parseAmenities.name, () => {
  it('reads the catalogue’s names and the words lists use, separated any way', () => {
    const { value, problems } = parseAmenities('饮水、充电，热饭/厕所 药箱;换电');
    expect(problems).toEqual([]);
    expect(value.amenities).toEqual(['water', 'charging', 'microwave', 'toilet', 'first_aid', 'battery_swap']);
    expect(amenityOf('厨具（可热饭做饭）')).toBe('cooking');
    expect(amenityOf('急救药箱')).toBe('first_aid');
    expect(amenityOf('air_conditioning')).toBe('air_conditioning');
  });

  it('gives an amenity in brackets hours of its own: 换电柜（24小时）', () => {
    const { value, problems } = parseAmenities('饮水、换电柜（24小时）、微波炉（周一至周五 8:00-20:00；周六 9:00-12:00）');
    expect(problems).toEqual([]);
    expect(value.amenityHours.battery_swap).toEqual({ alwaysOpen: true });
    expect(value.amenityHours.microwave).toEqual(hours('周一至周五 8:00-20:00；周六 9:00-12:00'));
    expect(splitList('a（b、c）、d')).toEqual(['a(b、c)', 'd']);
  });

  it('names each word it does not know, and brackets it cannot read', () => {
    const { problems } = parseAmenities('饮水、按摩椅、换电柜（看情况）');
    expect(problems).toEqual([
      { code: 'import_amenity_unknown', params: { value: '按摩椅' } },
      { code: 'import_amenity_hours_unreadable', params: { amenity: '换电柜', value: '看情况' } },
    ]);
  });

  it('writes what it reads back', () => {
    const text = formatAmenities(['water', 'rest', 'charging', 'battery_swap', 'cooking'], { battery_swap: { alwaysOpen: true } });
    expect(text).toBe('饮水、休息、手机充电、换电柜（24小时）、厨具');
    expect(parseAmenities(text)).toEqual({
      value: { amenities: ['water', 'rest', 'charging', 'battery_swap', 'cooking'], amenityHours: { battery_swap: { alwaysOpen: true } } },
      problems: [],
    });
  });
});

describe('the other cells', () => {
  it('reads kinds by their names and the names lists give them', () => {
    expect(parseKind('骑手之家')).toEqual({ ok: true, value: 'rider_home' });
    expect(parseKind(' 爱心翼站 ')).toEqual({ ok: true, value: 'love_wing' });
    expect(parseKind('户外劳动者服务站点')).toEqual({ ok: true, value: 'staff_station' });
    expect(parseKind('休息站')).toMatchObject({ ok: false, code: 'import_kind_unknown', params: { value: '休息站' } });
  });

  it('reads areas in square metres, whole', () => {
    expect(parseArea('300')).toEqual({ ok: true, value: 300 });
    expect(parseArea('300㎡')).toEqual({ ok: true, value: 300 });
    expect(parseArea('约300平方米')).toEqual({ ok: true, value: 300 });
    expect(parseArea('45.6 m²')).toEqual({ ok: true, value: 46 });
    expect(parseArea('')).toEqual({ ok: true, value: null });
    expect(parseArea('三百')).toMatchObject({ ok: false, code: 'import_area_invalid' });
    expect(parseArea('0')).toMatchObject({ ok: false, code: 'import_area_invalid' });
  });

  it('reads phones with the marks people put in them', () => {
    expect(parsePhone('0575-8512 3456')).toEqual({ ok: true, value: '0575-8512 3456' });
    expect(parsePhone('13800000000')).toEqual({ ok: true, value: '13800000000' });
    expect(parsePhone('0575-85123456转801')).toEqual({ ok: true, value: '0575-85123456转801' });
    expect(parsePhone('')).toEqual({ ok: true, value: null });
    expect(parsePhone('找王师傅')).toMatchObject({ ok: false, code: 'import_phone_invalid' });
  });

  it('reads AMap’s GCJ-02 points, in two cells or in one, and refuses them swapped', () => {
    expect(parsePoint('120.4926', '30.0823')).toEqual({ ok: true, value: { lng: 120.4926, lat: 30.0823 } });
    expect(parsePoint('120.492600,30.082300', '')).toEqual({ ok: true, value: { lng: 120.4926, lat: 30.0823 } });
    expect(parsePoint('', '', '120.4926，30.0823')).toEqual({ ok: true, value: { lng: 120.4926, lat: 30.0823 } });
    expect(parsePoint('30.0823', '120.4926')).toEqual({
      ok: false,
      code: 'import_coordinates_swapped',
      params: { lng: '30.0823', lat: '120.4926' },
    });
    // 温州 near the coast: the latitude (27.99) is a possible longitude nowhere in China, so it is swapped too.
    expect(parsePoint('27.9938', '120.6994')).toMatchObject({ ok: false, code: 'import_coordinates_swapped' });
    expect(parsePoint('120.49', '')).toMatchObject({ ok: false, code: 'import_coordinates_required' });
    expect(parsePoint('东经120度', '30.08')).toMatchObject({ ok: false, code: 'import_coordinate_invalid' });
    // Abroad is not "swapped": checkStation reports it as outside China.
    expect(parsePoint('139.6917', '35.6895')).toEqual({ ok: true, value: { lng: 139.6917, lat: 35.6895 } });
  });
});
