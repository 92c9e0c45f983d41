// The seeds' stations: 温州's 骑手之家 (12 hours free, a battery-swap cabinet round the clock, service on
// every date ending in 7) and its five-minute riding circle.
import { describe, expect, it } from 'vitest';
import '../../modules.js';
import {
  checkOpeningHours,
  daysEndingIn,
  everyDay,
  hoursPerWeek,
  isOpenAt,
  occurrences,
  ridingCircleMeters,
  ridingMinutes,
  type OpeningHours,
} from './rules.js';

// Shanghai is UTC+8: a Shanghai wall-clock time as an instant.
const shanghai = (local: string) => new Date(`${local}+08:00`);
const codes = (hours: OpeningHours) => checkOpeningHours(hours).map((p) => p.code);

describe('the riding circle', () => {
  it('is 1,250 m: five minutes at 15 km/h', () => {
    expect(ridingCircleMeters()).toBe(1250);
    expect(ridingMinutes(1250)).toBe(5);
    expect(ridingMinutes(1251)).toBe(6);
    expect(ridingMinutes(40)).toBe(1);
    expect(ridingCircleMeters(5, 20)).toBeCloseTo(1666.67, 2);
  });
});

describe('opening hours', () => {
  const riderHome = everyDay('08:00', '20:00');

  it('骑手之家: 12 hours free each day, open at 19:59 and closed at 20:00 Shanghai time', () => {
    expect(checkOpeningHours(riderHome)).toEqual([]);
    expect(hoursPerWeek(riderHome)).toBe(7 * 12);
    expect(isOpenAt(riderHome, shanghai('2026-12-07T19:59:00'))).toBe(true);
    expect(isOpenAt(riderHome, shanghai('2026-12-07T20:00:00'))).toBe(false);
    expect(isOpenAt(riderHome, shanghai('2026-12-07T07:59:00'))).toBe(false);
    // The battery-swap cabinet beside it never closes.
    expect(isOpenAt({ alwaysOpen: true }, shanghai('2026-12-07T03:00:00'))).toBe(true);
    expect(hoursPerWeek({ alwaysOpen: true })).toBe(168);
  });

  it('runs an overnight opening into the next morning, Sunday night into Monday', () => {
    const nights: OpeningHours = { alwaysOpen: false, days: { 7: [{ opens: '22:00', closes: '06:00' }] } };
    expect(checkOpeningHours(nights)).toEqual([]);
    // 2026-12-06 is a Sunday.
    expect(isOpenAt(nights, shanghai('2026-12-06T23:30:00'))).toBe(true);
    expect(isOpenAt(nights, shanghai('2026-12-07T05:59:00'))).toBe(true);
    expect(isOpenAt(nights, shanghai('2026-12-07T06:00:00'))).toBe(false);
    expect(hoursPerWeek(nights)).toBe(8);
  });

  it('takes a split day and a day that ends at midnight', () => {
    const split: OpeningHours = {
      alwaysOpen: false,
      days: {
        1: [
          { opens: '08:00', closes: '12:00' },
          { opens: '14:00', closes: '18:00' },
        ],
        2: [{ opens: '18:00', closes: '24:00' }],
      },
    };
    expect(checkOpeningHours(split)).toEqual([]);
    expect(isOpenAt(split, shanghai('2026-12-07T13:00:00'))).toBe(false);
    expect(isOpenAt(split, shanghai('2026-12-08T23:59:00'))).toBe(true);
  });

  it('refuses times that are not times, openings that close as they open, and openings that overlap', () => {
    expect(codes({ alwaysOpen: false, days: { 1: [{ opens: '25:00', closes: '26:00' }] } })).toEqual(['stations.hours_invalid']);
    expect(codes({ alwaysOpen: false, days: { 1: [{ opens: '8:00', closes: '20:00' }] } })).toEqual(['stations.hours_invalid']);
    expect(codes({ alwaysOpen: false, days: { 1: [{ opens: '24:00', closes: '06:00' }] } })).toEqual(['stations.hours_invalid']);
    expect(codes({ alwaysOpen: false, days: { 3: [{ opens: '08:00', closes: '08:00' }] } })).toEqual(['stations.hours_empty']);
    const twice: OpeningHours = {
      alwaysOpen: false,
      days: {
        1: [
          { opens: '08:00', closes: '12:00' },
          { opens: '11:00', closes: '14:00' },
        ],
      },
    };
    expect(checkOpeningHours(twice)).toMatchObject([
      { field: 'hours', code: 'stations.hours_overlap', message: '周一和周一的营业时间有重叠' },
    ]);
    const intoTuesday: OpeningHours = {
      alwaysOpen: false,
      days: { 1: [{ opens: '20:00', closes: '08:00' }], 2: [{ opens: '07:00', closes: '10:00' }] },
    };
    expect(codes(intoTuesday)).toEqual(['stations.hours_overlap']);
    const intoMonday: OpeningHours = {
      alwaysOpen: false,
      days: { 7: [{ opens: '22:00', closes: '06:00' }], 1: [{ opens: '05:00', closes: '09:00' }] },
    };
    expect(codes(intoMonday)).toEqual(['stations.hours_overlap']);
  });
});

describe('service days', () => {
  it('温州 逢“7”: the 7th, 17th and 27th of every month', () => {
    expect(daysEndingIn(7)).toEqual({ kind: 'month_days', days: [7, 17, 27] });
    expect(occurrences(daysEndingIn(7), '2026-12-01', '2027-02-28')).toEqual([
      '2026-12-07',
      '2026-12-17',
      '2026-12-27',
      '2027-01-07',
      '2027-01-17',
      '2027-01-27',
      '2027-02-07',
      '2027-02-17',
      '2027-02-27',
    ]);
  });

  it('a 31st falls only in months that have one; weekdays recur by the Monday-first week', () => {
    expect(daysEndingIn(1).days).toEqual([1, 11, 21, 31]);
    expect(occurrences({ kind: 'month_days', days: [31] }, '2027-01-01', '2027-04-30')).toEqual(['2027-01-31', '2027-03-31']);
    // 2026-12-07 is a Monday.
    expect(occurrences({ kind: 'weekdays', weekdays: [1, 6] }, '2026-12-07', '2026-12-20')).toEqual([
      '2026-12-07',
      '2026-12-12',
      '2026-12-14',
      '2026-12-19',
    ]);
  });
});
