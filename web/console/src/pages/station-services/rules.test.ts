import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysEndingIn,
  doneRate,
  endingDigitOf,
  eventFieldOf,
  everyDay,
  isFromAbove,
  isoWeekday,
  lastDays,
  newEventValues,
  nextDays,
  occurrences,
  orderActions,
  shanghaiDay,
  slotParts,
  takenPercent,
  toEventBody,
  volunteerNameProblem,
} from './rules.ts';

describe('Shanghai days and slots', () => {
  it('puts a slot on the Shanghai calendar and clock, whatever the browser zone', () => {
    // 2026-07-06T16:30Z is 00:30 on the 7th in Shanghai.
    expect(slotParts('2026-07-06T16:30:00.000Z', 60)).toEqual({ day: '2026-07-07', weekday: 2, starts: '00:30', ends: '01:30' });
    expect(slotParts('2026-07-07T02:00:00.000Z', 45)).toEqual({ day: '2026-07-07', weekday: 2, starts: '10:00', ends: '10:45' });
    expect(shanghaiDay('2026-12-31T16:00:00Z')).toBe('2027-01-01');
  });

  it('counts days across months and years', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(isoWeekday('2026-07-05')).toBe(7);
    expect(lastDays('2026-07-30')).toEqual({ from: '2026-07-01', to: '2026-07-30' });
  });
});

describe('service days', () => {
  it('reads 逢 7 as the 7th, 17th and 27th, and 逢 1 with the 31st', () => {
    expect(daysEndingIn(7)).toEqual([7, 17, 27]);
    expect(daysEndingIn(1)).toEqual([1, 11, 21, 31]);
    expect(daysEndingIn(0)).toEqual([10, 20, 30]);
    expect(endingDigitOf([27, 7, 17])).toBe(7);
    expect(endingDigitOf([7, 17])).toBeNull();
  });

  it('falls on the 31st only in months that have one', () => {
    expect(occurrences({ kind: 'month_days', days: [1, 11, 21, 31] }, '2026-04-01', '2026-05-31')).toEqual([
      '2026-04-01',
      '2026-04-11',
      '2026-04-21',
      '2026-05-01',
      '2026-05-11',
      '2026-05-21',
      '2026-05-31',
    ]);
  });

  it('finds the next days of a weekly rule from today, within its last day', () => {
    const event = { recurrence: { kind: 'weekdays' as const, weekdays: [3 as const] }, fromDay: '2026-07-01', untilDay: '2026-07-20' };
    expect(nextDays(event, '2026-07-02', 5)).toEqual(['2026-07-08', '2026-07-15']);
    expect(nextDays({ recurrence: null, fromDay: '2026-07-01', untilDay: null }, '2026-07-02', 5)).toEqual([]);
  });

  it('sends a one-off without a last day, and a recurring one with its days in order', () => {
    const values = { ...newEventValues('2026-07-01'), title: ' 逢 7 服务日 ', topics: ['法律援助', ' 法律援助', '就业指导'] };
    expect(toEventBody(values)).toEqual({
      kind: 'service_day',
      title: '逢 7 服务日',
      topics: ['法律援助', '就业指导'],
      description: null,
      recurrence: { kind: 'month_days', days: [7, 17, 27] },
      fromDay: '2026-07-01',
      untilDay: null,
      starts: '09:00',
      ends: '11:30',
      capacity: null,
    });
    const once = toEventBody({ ...values, repeat: 'once', untilDay: '2026-08-01', capacity: 40 });
    expect(once).toMatchObject({ recurrence: null, untilDay: null, capacity: 40 });
    expect(toEventBody({ ...values, repeat: 'weekdays', weekdays: [5, 1, 5] }).recurrence).toEqual({ kind: 'weekdays', weekdays: [1, 5] });
  });

  it("puts the server's problems under the form's fields", () => {
    expect(eventFieldOf('recurrence', 'month_days')).toBe('monthDays');
    expect(eventFieldOf('body.recurrence.weekdays.0', 'weekdays')).toBe('weekdays');
    expect(eventFieldOf('topics.3', 'once')).toBe('topics');
    expect(eventFieldOf('stationId', 'once')).toBeNull();
  });

  it('says how full a day is, and nothing when places are not limited', () => {
    expect(takenPercent(12, 40)).toBe(30);
    expect(takenPercent(41, 40)).toBe(100);
    expect(takenPercent(3, null)).toBeNull();
  });
});

describe('orders', () => {
  it('offers accept and cancel while ordered, complete and cancel once accepted, nothing after', () => {
    expect(orderActions('ordered')).toEqual(['accept', 'cancel']);
    expect(orderActions('accepted')).toEqual(['complete', 'cancel']);
    expect(orderActions('done')).toEqual([]);
    expect(orderActions('cancelled')).toEqual([]);
  });

  it('takes a volunteer name of 2–30 characters', () => {
    expect(volunteerNameProblem('  ')).toBe('required');
    expect(volunteerNameProblem('王')).toBe('length');
    expect(volunteerNameProblem('王律师')).toBeNull();
  });
});

describe('catalogue and dashboard', () => {
  it('tells a service of a union above from one of the subtree', () => {
    const me = { orgId: 'c', path: '/a/b/c/' };
    expect(isFromAbove({ orgId: 'a' }, me)).toBe(true);
    expect(isFromAbove({ orgId: 'c' }, me)).toBe(false);
    expect(isFromAbove({ orgId: 'd' }, me)).toBe(false);
    expect(isFromAbove({ orgId: 'a' }, { orgId: 'c', path: null })).toBe(false);
  });

  it('rates done orders over all placed, and none without orders', () => {
    expect(doneRate({ total: 8, byStatus: { done: 6, cancelled: 1, ordered: 1 } })).toBe(0.75);
    expect(doneRate({ total: 0, byStatus: {} })).toBeNull();
  });

  it('fills the quiet days of a range with 0', () => {
    expect(everyDay('2026-07-01', '2026-07-03', [{ day: '2026-07-02', visits: 4 }])).toEqual([
      { day: '2026-07-01', visits: 0 },
      { day: '2026-07-02', visits: 4 },
      { day: '2026-07-03', visits: 0 },
    ]);
    expect(everyDay('2026-07-03', '2026-07-01', [])).toEqual([]);
  });
});
