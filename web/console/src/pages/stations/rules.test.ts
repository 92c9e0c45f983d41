import { describe, expect, it } from 'vitest';
import {
  copyDayToAll,
  DEFAULT_HOURS,
  formFieldOf,
  fromHoursValue,
  hoursSummary,
  isOpenAt,
  pastedPoint,
  problemsCsv,
  statusActions,
  toHoursValue,
  withSameEveryDay,
} from './rules.ts';
import type { OpeningHours } from './api.ts';

const shanghai = (local: string) => new Date(`${local}+08:00`);
const weekdays: OpeningHours = {
  alwaysOpen: false,
  days: {
    '1': [{ opens: '09:00', closes: '17:00' }],
    '2': [{ opens: '09:00', closes: '17:00' }],
    '3': [{ opens: '09:00', closes: '17:00' }],
    '4': [{ opens: '09:00', closes: '17:00' }],
    '5': [{ opens: '09:00', closes: '17:00' }],
    '6': [{ opens: '09:00', closes: '12:00' }],
  },
};
const everyDay = (opens: string, closes: string): OpeningHours => ({
  alwaysOpen: false,
  days: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ opens, closes }]])),
});

describe(hoursSummary.name, () => {
  it('says a week in one line, days with the same spans together', () => {
    expect(hoursSummary({ alwaysOpen: true })).toBe('24 小时');
    expect(hoursSummary(everyDay('08:00', '20:00'))).toBe('每天 08:00–20:00');
    expect(hoursSummary(weekdays)).toBe('周一至周五 09:00–17:00；周六 09:00–12:00');
    expect(hoursSummary({ alwaysOpen: false, days: {} })).toBe('未设开放时间');
    expect(hoursSummary(everyDay('00:00', '24:00'))).toBe('24 小时');
  });
});

describe(isOpenAt.name, () => {
  it('reads the Shanghai clock, a night running into the next morning included', () => {
    // 2026-12-07 is a Monday.
    expect(isOpenAt(weekdays, shanghai('2026-12-07T16:59:00'))).toBe(true);
    expect(isOpenAt(weekdays, shanghai('2026-12-07T17:00:00'))).toBe(false);
    expect(isOpenAt(weekdays, shanghai('2026-12-13T10:00:00'))).toBe(false);
    const sundayNights: OpeningHours = { alwaysOpen: false, days: { '7': [{ opens: '22:00', closes: '06:00' }] } };
    expect(isOpenAt(sundayNights, shanghai('2026-12-07T05:59:00'))).toBe(true);
    expect(isOpenAt(sundayNights, shanghai('2026-12-07T06:00:00'))).toBe(false);
  });
});

describe('the hours editor', () => {
  it('shows a week the same every day as one row, and gives back what the server sent', () => {
    const value = toHoursValue(everyDay('08:00', '20:00'));
    expect(value).toMatchObject({ alwaysOpen: false, sameEveryDay: true, everyDay: [{ opens: '08:00', closes: '20:00' }] });
    expect(fromHoursValue(value)).toEqual(everyDay('08:00', '20:00'));
    const byDay = toHoursValue(weekdays);
    expect(byDay.sameEveryDay).toBe(false);
    expect(fromHoursValue(byDay)).toEqual(weekdays);
    expect(fromHoursValue(toHoursValue({ alwaysOpen: true }))).toEqual({ alwaysOpen: true });
  });

  it('carries the spans across when switching between every day and per weekday, and copies a day to all', () => {
    const perDay = withSameEveryDay(DEFAULT_HOURS, false);
    expect(perDay.days[7]).toEqual([{ opens: '08:00', closes: '20:00' }]);
    const edited = { ...perDay, days: { ...perDay.days, 1: [{ opens: '09:00', closes: '18:00' }] } };
    expect(copyDayToAll(edited, 1).days[6]).toEqual([{ opens: '09:00', closes: '18:00' }]);
    expect(withSameEveryDay(edited, true).everyDay).toEqual([{ opens: '09:00', closes: '18:00' }]);
    // A span left half-filled is not sent.
    expect(fromHoursValue({ ...DEFAULT_HOURS, everyDay: [{ opens: '08:00', closes: '' }] })).toEqual({ alwaysOpen: false, days: {} });
  });
});

describe('form helpers', () => {
  it('puts each server problem on its field', () => {
    expect(formFieldOf('gcj02')).toBe('gcj02');
    expect(formFieldOf('body.gcj02.lng')).toBe('gcj02');
    expect(formFieldOf('amenityHours.battery_swap')).toBe('amenityHours');
    expect(formFieldOf('body.name')).toBe('name');
    expect(formFieldOf(undefined)).toBeNull();
  });

  it('splits AMap’s copied coordinates, longitude first', () => {
    expect(pastedPoint('120.492600,30.082300')).toEqual({ lng: 120.4926, lat: 30.0823 });
    expect(pastedPoint('120.4926， 30.0823')).toEqual({ lng: 120.4926, lat: 30.0823 });
    expect(pastedPoint('120.4926')).toBeNull();
  });

  it('offers no status change on a station closed for good', () => {
    expect(statusActions('open')).toEqual(['suspend', 'close']);
    expect(statusActions('suspended')).toEqual(['reopen', 'close']);
    expect(statusActions('closed')).toEqual([]);
  });

  it('writes the import’s problems as a CSV Excel opens, formulas defused', () => {
    const csv = problemsCsv(
      ['row', 'column', 'code', 'message'],
      [
        { row: 5, column: 'lng', code: 'stations.import_coordinates_swapped', message: 'a, "b"' },
        { row: 6, column: 'name', code: 'x', message: '=cmd' },
      ],
    );
    expect(csv).toBe('\uFEFFrow,column,code,message\r\n5,lng,stations.import_coordinates_swapped,"a, ""b"""\r\n6,name,x,\'=cmd\r\n');
  });
});

describe('typed times', () => {
  it('are written HH:MM however they were typed', async () => {
    const { normaliseTime } = await import('./rules.ts');
    expect(['8:00', '8', '800', '0800', '8.00', '08：00'].map(normaliseTime)).toEqual(Array(6).fill('08:00'));
    expect(normaliseTime('24:00')).toBe('24:00');
    expect(normaliseTime('25:00')).toBe('25:00');
    expect(normaliseTime('noon')).toBe('noon');
  });
});
