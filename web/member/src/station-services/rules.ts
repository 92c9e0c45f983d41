// Pure rules of the station services pages: the Asia/Shanghai calendar, the slots a rider may order
// (the server's rule, src/modules/stations/rules.ts orderSlotProblem, run here so that only valid
// slots are offered; rules.test.ts checks the two agree), and where an event day stands. No React, no I/O.
import { WEEKDAYS, type OpeningHours, type Weekday } from '../stations/rules.ts';

/** The server's catalogue (src/modules/stations/rules.ts SERVICE_CATEGORIES; rules.test.ts checks they agree). */
export const SERVICE_CATEGORIES = [
  'job_guidance',
  'legal_aid',
  'counselling',
  'youth_social',
  'technical_help',
  'health',
  'social_insurance',
  'phone_care',
  'other',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export const ORDER_STATUSES = ['ordered', 'accepted', 'done', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

// ---------------------------------------------------------------------------------------------
// The calendar: Asia/Shanghai is UTC+8 all year (no daylight saving since 1991).

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;

export interface ShanghaiClock {
  /** 'YYYY-MM-DD' */
  day: string;
  weekday: Weekday;
  /** Minutes since the day's midnight. */
  minute: number;
}

export function shanghaiClock(at: Date): ShanghaiClock {
  const shifted = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return {
    day: shifted.toISOString().slice(0, 10),
    weekday: (((shifted.getUTCDay() + 6) % 7) + 1) as Weekday,
    minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

/** The instant of `minute` past midnight of a Shanghai day. */
export function shanghaiInstant(day: string, minute: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS + minute * 60_000);
}

/** 'YYYY-MM-DD' `n` days after `day`. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The weekday of a 'YYYY-MM-DD' (1 = Monday). */
export function weekdayOf(day: string): Weekday {
  return (((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1) as Weekday;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 'HH:MM' of a minute of the day. */
export function clockText(minute: number): string {
  return `${pad(Math.floor(minute / 60) % 24)}:${pad(minute % 60)}`;
}

/** An instant as the server takes a slot: '2026-07-07T14:30:00+08:00'. */
export function slotIso(at: Date): string {
  const { day, minute } = shanghaiClock(at);
  return `${day}T${clockText(minute)}:00+08:00`;
}

/** How a day reads next to today: 今天, 明天, 后天, else by its date. */
export function relativeDay(day: string, today: string): 'today' | 'tomorrow' | 'dayAfter' | null {
  if (day === today) return 'today';
  if (day === addDays(today, 1)) return 'tomorrow';
  if (day === addDays(today, 2)) return 'dayAfter';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Opening hours and the slots a rider may order.

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes since midnight of 'HH:MM' ('24:00' is the day's end), or null for anything else. */
export function minuteOf(time: string): number | null {
  const match = TIME.exec(time);
  if (!match) return null;
  return time === '24:00' ? DAY_MINUTES : Number(match[1]) * 60 + Number(match[2]);
}

/** The week's openings as minutes of the week [start, end), merged where they touch (an evening and the night after it). */
function openSpans(hours: OpeningHours): [number, number][] {
  if (hours.alwaysOpen) return [[0, WEEK_MINUTES]];
  const spans: [number, number][] = [];
  for (const day of WEEKDAYS) {
    for (const opening of hours.days[String(day)] ?? []) {
      const opens = minuteOf(opening.opens);
      const closes = minuteOf(opening.closes);
      if (opens === null || closes === null || opens === closes || opens === DAY_MINUTES) continue;
      const start = (day - 1) * DAY_MINUTES + opens;
      const end = start + (closes > opens ? closes - opens : DAY_MINUTES - opens + closes);
      // An opening that runs past Sunday midnight goes on into Monday morning.
      if (end <= WEEK_MINUTES) spans.push([start, end]);
      else spans.push([start, WEEK_MINUTES], [0, end - WEEK_MINUTES]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of spans) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function weekMinute(at: Date): number {
  const { weekday, minute } = shanghaiClock(at);
  return (weekday - 1) * DAY_MINUTES + minute;
}

function openThroughout(spans: readonly [number, number][], at: Date, minutes: number): boolean {
  const start = weekMinute(at);
  const end = start + minutes;
  const parts: [number, number][] =
    end <= WEEK_MINUTES
      ? [[start, end]]
      : [
          [start, WEEK_MINUTES],
          [0, end - WEEK_MINUTES],
        ];
  return parts.every(([a, b]) => spans.some(([s, e]) => s <= a && b <= e));
}

/** Whether the station is open at an instant (its badge on a page opened without the nearest list). */
export function isOpenAt(hours: OpeningHours, at: Date): boolean {
  return openThroughout(openSpans(hours), at, 1);
}

/** Whether a station with these hours is open for the whole of [at, at + minutes). */
export function isOpenThroughout(hours: OpeningHours, at: Date, minutes: number): boolean {
  return openThroughout(openSpans(hours), at, minutes);
}

/** As the server refuses a slot (the same codes, under problems.stations.*). */
export const ORDER_HORIZON_DAYS = 30;
/** A slot starts an hour from now at the earliest: the union needs that long to send someone. */
export const ORDER_LEAD_MINUTES = 60;
export function orderSlotProblem(
  hours: OpeningHours,
  slotAt: Date,
  durationMinutes: number,
  now: Date,
): 'order_in_past' | 'order_too_soon' | 'order_too_far' | 'order_station_closed' | null {
  if (slotAt.getTime() <= now.getTime()) return 'order_in_past';
  if (slotAt.getTime() < now.getTime() + ORDER_LEAD_MINUTES * 60_000) return 'order_too_soon';
  if (slotAt.getTime() > now.getTime() + ORDER_HORIZON_DAYS * 86_400_000) return 'order_too_far';
  if (!isOpenThroughout(hours, slotAt, durationMinutes)) return 'order_station_closed';
  return null;
}

/** The days offered (today and the six after it): a rider plans a week ahead, not a month. */
export const ORDER_DAYS = 7;
/** Slots on the hour and the half hour. */
export const SLOT_STEP_MINUTES = 30;

export interface OrderDay {
  day: string;
  weekday: Weekday;
  /** The slots' start instants, in order; empty when the station is closed or the day is over. */
  slots: Date[];
  /** Whether the station opens at all that day (to say 不开放 rather than 已约满/已过). */
  opens: boolean;
}

/**
 * The days and slots a rider may order a service of `durationMinutes` at a station: every half hour
 * from an hour from now, for a week, where the station stays open for the whole service.
 */
export function orderDays(hours: OpeningHours, durationMinutes: number, now: Date, days = ORDER_DAYS): OrderDay[] {
  const spans = openSpans(hours);
  const earliest = now.getTime() + ORDER_LEAD_MINUTES * 60_000;
  const horizon = now.getTime() + ORDER_HORIZON_DAYS * 86_400_000;
  const today = shanghaiClock(now).day;
  const out: OrderDay[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(today, i);
    const weekday = weekdayOf(day);
    const dayStart = (weekday - 1) * DAY_MINUTES;
    const opens = spans.some(([start, end]) => start < dayStart + DAY_MINUTES && end > dayStart);
    const slots: Date[] = [];
    for (let minute = 0; minute < DAY_MINUTES; minute += SLOT_STEP_MINUTES) {
      const at = shanghaiInstant(day, minute);
      if (at.getTime() < earliest || at.getTime() > horizon) continue;
      if (openThroughout(spans, at, durationMinutes)) slots.push(at);
    }
    out.push({ day, weekday, slots, opens });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Service days and events.

export type EventDayStanding =
  | { kind: 'ended' }
  | { kind: 'full' }
  /** `left` null: no limit on places. */
  | { kind: 'open'; left: number | null };

/** Where a day of an event stands for a rider: over, full (for one who holds no place), or with places left. */
export function eventDayStanding(
  item: { day: string; taken: number; event: { ends: string; capacity: number | null } },
  signedUp: boolean,
  now: Date,
): EventDayStanding {
  const { day: today, minute } = shanghaiClock(now);
  const ends = minuteOf(item.event.ends) ?? DAY_MINUTES;
  if (item.day < today || (item.day === today && ends <= minute)) return { kind: 'ended' };
  if (item.event.capacity === null) return { kind: 'open', left: null };
  const left = Math.max(0, item.event.capacity - item.taken);
  return left === 0 && !signedUp ? { kind: 'full' } : { kind: 'open', left };
}

export const signUpKey = (eventId: string, day: string) => `${eventId}|${day}`;

// ---------------------------------------------------------------------------------------------
// Orders.

/** A member may call an order off until it is done (the server's nextOrderStatus). */
export function canCancelOrder(order: { status: OrderStatus }): boolean {
  return order.status === 'ordered' || order.status === 'accepted';
}

/** Rated once, when done. */
export function canRateOrder(order: { status: OrderStatus; rating: number | null }): boolean {
  return order.status === 'done' && order.rating === null;
}

/** Orders still to happen first (soonest first), then the rest as the server lists them (newest first). */
export function sortOrders<T extends { status: OrderStatus; slotAt: string }>(orders: readonly T[]): T[] {
  const coming = orders.filter(canCancelOrder).sort((a, b) => Date.parse(a.slotAt) - Date.parse(b.slotAt));
  return [...coming, ...orders.filter((o) => !canCancelOrder(o))];
}
