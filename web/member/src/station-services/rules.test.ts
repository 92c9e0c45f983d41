import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '../stations/rules.ts';
import {
  addDays,
  canCancelOrder,
  canRateOrder,
  eventDayStanding,
  isOpenAt,
  orderDays,
  orderSlotProblem,
  relativeDay,
  SERVICE_CATEGORIES,
  ORDER_STATUSES,
  shanghaiClock,
  shanghaiInstant,
  slotIso,
  sortOrders,
} from './rules.ts';

// Through a variable: the web app has its own tsconfig, not the server's.
const serverRules = '../../../../src/modules/stations/rules.ts';
const server = (await import(/* @vite-ignore */ serverRules)) as {
  SERVICE_CATEGORIES: readonly string[];
  ORDER_STATUSES: readonly string[];
  everyDay: (opens: string, closes: string) => OpeningHours;
  isOpenAt: (hours: OpeningHours, at: Date) => boolean;
  orderSlotProblem: (hours: OpeningHours, slotAt: Date, minutes: number, now: Date) => string | null;
};

const at = (text: string) => new Date(text);

// 骑手之家 (seed 002): 12 hours free, every day.
const riderHome = server.everyDay('08:00', '20:00');
// A telecom hall's 爱心翼站: weekdays with a lunch break, Saturday mornings, closed on Sunday.
const wing: OpeningHours = {
  alwaysOpen: false,
  days: {
    '1': [
      { opens: '08:30', closes: '12:00' },
      { opens: '13:30', closes: '17:30' },
    ],
    '2': [{ opens: '08:30', closes: '17:30' }],
    '3': [{ opens: '08:30', closes: '17:30' }],
    '4': [{ opens: '08:30', closes: '17:30' }],
    '5': [{ opens: '08:30', closes: '17:30' }],
    '6': [{ opens: '09:00', closes: '12:00' }],
  },
};
// A night shelter: Sunday evening into Monday morning, and Friday to Saturday.
const night: OpeningHours = {
  alwaysOpen: false,
  days: {
    '7': [{ opens: '20:00', closes: '08:00' }],
    '5': [{ opens: '22:00', closes: '24:00' }],
    '6': [{ opens: '00:00', closes: '06:00' }],
  },
};

describe('the catalogues', () => {
  it('name the categories and statuses the server has, in its order', () => {
    expect([...SERVICE_CATEGORIES]).toEqual([...server.SERVICE_CATEGORIES]);
    expect([...ORDER_STATUSES]).toEqual([...server.ORDER_STATUSES]);
  });
});

describe(shanghaiClock.name, () => {
  it('reads the day, the weekday and the minute in Shanghai, eight hours ahead of UTC', () => {
    // 2026-07-05 is a Sunday; 23:30 UTC is 07:30 on Monday the 6th in Shanghai.
    expect(shanghaiClock(at('2026-07-05T23:30:00Z'))).toEqual({ day: '2026-07-06', weekday: 1, minute: 450 });
    expect(shanghaiInstant('2026-07-06', 450).toISOString()).toBe('2026-07-05T23:30:00.000Z');
    expect(slotIso(at('2026-07-06T06:00:00Z'))).toBe('2026-07-06T14:00:00+08:00');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(relativeDay('2026-07-07', '2026-07-06')).toBe('tomorrow');
    expect(relativeDay('2026-07-09', '2026-07-06')).toBeNull();
  });
});

describe(orderSlotProblem.name, () => {
  it('refuses exactly the slots the server refuses, for every half hour of two weeks and three kinds of hours', () => {
    const now = at('2026-07-06T09:10:00+08:00'); // a Monday morning
    for (const hours of [riderHome, wing, night, { alwaysOpen: true } as OpeningHours]) {
      for (const minutes of [30, 60, 90, 240]) {
        for (let i = -2; i < 14 * 48; i++) {
          const slot = new Date(now.getTime() + i * 30 * 60_000 - 10 * 60_000);
          expect(orderSlotProblem(hours, slot, minutes, now), `${slot.toISOString()} ${minutes}`).toBe(
            server.orderSlotProblem(hours, slot, minutes, now),
          );
        }
      }
    }
    expect(orderSlotProblem(riderHome, at('2026-08-06T10:00:00+08:00'), 60, now)).toBe('order_too_far');
  });

  it('tells "open now" as the server does', () => {
    for (let i = 0; i < 7 * 96; i++) {
      const instant = new Date(Date.parse('2026-07-06T00:00:00+08:00') + i * 15 * 60_000);
      for (const hours of [riderHome, wing, night]) expect(isOpenAt(hours, instant)).toBe(server.isOpenAt(hours, instant));
    }
  });
});

describe(orderDays.name, () => {
  it('offers the week ahead on the hour and half hour, an hour from now at the earliest, the service ending by closing time', () => {
    const now = at('2026-07-06T09:10:00+08:00');
    const days = orderDays(riderHome, 60, now);
    expect(days.map((d) => d.day)).toEqual([
      '2026-07-06',
      '2026-07-07',
      '2026-07-08',
      '2026-07-09',
      '2026-07-10',
      '2026-07-11',
      '2026-07-12',
    ]);
    const times = (d: (typeof days)[number]) => d.slots.map((s) => slotIso(s).slice(11, 16));
    expect(times(days[0] as (typeof days)[number])[0]).toBe('10:30');
    expect(times(days[1] as (typeof days)[number])).toHaveLength(23); // 08:00 … 19:00
    expect(times(days[1] as (typeof days)[number]).at(-1)).toBe('19:00');
    for (const day of days) for (const slot of day.slots) expect(server.orderSlotProblem(riderHome, slot, 60, now)).toBeNull();
  });

  it('skips the lunch break and says which days the station does not open at all', () => {
    const now = at('2026-07-05T20:00:00+08:00'); // Sunday evening
    const [sunday, monday, , , , , saturday] = orderDays(wing, 60, now);
    expect(sunday?.opens).toBe(false);
    expect(sunday?.slots).toEqual([]);
    const mondayTimes = monday?.slots.map((s) => slotIso(s).slice(11, 16)) ?? [];
    expect(mondayTimes).toContain('11:00');
    expect(mondayTimes).not.toContain('11:30'); // would run into the break
    expect(mondayTimes).not.toContain('12:30');
    expect(mondayTimes).toContain('13:30');
    expect(saturday?.slots.map((s) => slotIso(s).slice(11, 16))).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00']);
  });

  it('lets a service run on past midnight when the station stays open', () => {
    const now = at('2026-07-05T12:00:00+08:00'); // Sunday noon
    const [sunday] = orderDays(night, 90, now);
    expect(sunday?.slots.map((s) => slotIso(s).slice(11, 16))).toContain('23:30');
  });
});

describe(eventDayStanding.name, () => {
  const now = at('2026-07-07T10:00:00+08:00');
  const day = (d: string, taken: number, capacity: number | null, ends = '11:30') => ({ day: d, taken, event: { ends, capacity } });

  it('says a day is over once its time has passed, full when no place is left, else how many are', () => {
    expect(eventDayStanding(day('2026-07-07', 0, 20, '09:30'), false, now)).toEqual({ kind: 'ended' });
    expect(eventDayStanding(day('2026-07-07', 3, 20), false, now)).toEqual({ kind: 'open', left: 17 });
    expect(eventDayStanding(day('2026-07-17', 20, 20), false, now)).toEqual({ kind: 'full' });
    expect(eventDayStanding(day('2026-07-17', 20, 20), true, now)).toEqual({ kind: 'open', left: 0 });
    expect(eventDayStanding(day('2026-07-17', 500, null), false, now)).toEqual({ kind: 'open', left: null });
  });
});

describe('orders', () => {
  it('may be called off until done, and rated once when done; those still to come are listed first, soonest first', () => {
    expect(canCancelOrder({ status: 'accepted' })).toBe(true);
    expect(canCancelOrder({ status: 'done' })).toBe(false);
    expect(canRateOrder({ status: 'done', rating: null })).toBe(true);
    expect(canRateOrder({ status: 'done', rating: 4 })).toBe(false);
    const orders = [
      { id: 'a', status: 'done' as const, slotAt: '2026-07-01T06:00:00Z' },
      { id: 'b', status: 'ordered' as const, slotAt: '2026-07-09T06:00:00Z' },
      { id: 'c', status: 'accepted' as const, slotAt: '2026-07-08T06:00:00Z' },
      { id: 'd', status: 'cancelled' as const, slotAt: '2026-07-10T06:00:00Z' },
    ];
    expect(sortOrders(orders).map((o) => o.id)).toEqual(['c', 'b', 'a', 'd']);
  });
});
