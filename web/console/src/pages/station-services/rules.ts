// Pure rules of the station-services pages: Shanghai days and times, service-day recurrences (逢 7),
// the form's values to the API's body, the order queue's actions, and the dashboard's figures.
// No I/O, no React, no words: the components translate.
import type { EventBody, EventKind, OrderStatus, Recurrence, StationService } from './api.ts';

const DAY_MS = 86_400_000;
// China keeps no daylight saving time: Shanghai is UTC+8 all year.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** 'YYYY-MM-DD' of an instant on the Shanghai calendar. */
export function shanghaiDay(at: Date | string | number): string {
  return new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'HH:MM' of an instant on Shanghai's clock. */
export function shanghaiTime(at: Date | string | number): string {
  return new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16);
}

/** The day `n` days after (or before, when negative) 'YYYY-MM-DD'. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 1 (Monday) … 7 (Sunday) of 'YYYY-MM-DD', as the server numbers weekdays. */
export function isoWeekday(day: string): number {
  return ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** When an order's slot is, on Shanghai's calendar and clock: its day, weekday, start and end. */
export interface SlotParts {
  day: string;
  weekday: number;
  starts: string;
  ends: string;
}

export function slotParts(slotAt: string | Date, durationMinutes: number): SlotParts {
  const start = new Date(slotAt).getTime();
  const day = shanghaiDay(start);
  return { day, weekday: isoWeekday(day), starts: shanghaiTime(start), ends: shanghaiTime(start + durationMinutes * 60_000) };
}

// ---------------------------------------------------------------------------------------------
// Service days.

/** The days of the month ending in `digit` (温州's 逢"7": 7, 17, 27; 逢"1": 1, 11, 21, 31; 逢"0": 10, 20, 30). */
export function daysEndingIn(digit: number): number[] {
  return [digit, digit + 10, digit + 20, digit + 30].filter((d) => d >= 1 && d <= 31);
}

/** The digit whose days `days` are exactly (in any order), or null: [7, 17, 27] → 7. */
export function endingDigitOf(days: readonly number[]): number | null {
  const sorted = [...new Set(days)].sort((a, b) => a - b).join(',');
  for (let digit = 0; digit <= 9; digit += 1) if (daysEndingIn(digit).join(',') === sorted) return digit;
  return null;
}

/** The days 'YYYY-MM-DD' from `from` to `to` (both included) on which a recurrence falls (as the server counts them). */
export function occurrences(rule: Recurrence, from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const values: readonly number[] = rule.kind === 'month_days' ? rule.days : rule.weekdays;
    const falls = values.includes(rule.kind === 'month_days' ? Number(day.slice(8, 10)) : isoWeekday(day));
    if (falls) days.push(day);
  }
  return days;
}

/** The first `count` days an event falls on from `today` on (its first day at the earliest), to show before saving it. */
export function nextDays(
  event: { recurrence: Recurrence | null; fromDay: string; untilDay: string | null },
  today: string,
  count: number,
): string[] {
  if (!event.recurrence) return event.fromDay >= today ? [event.fromDay] : [];
  const start = event.fromDay > today ? event.fromDay : today;
  // A year ahead is enough to find a handful of days of any rule a form can build.
  const horizon = addDays(start, 366);
  const end = event.untilDay && event.untilDay < horizon ? event.untilDay : horizon;
  return start > end ? [] : occurrences(event.recurrence, start, end).slice(0, count);
}

export const REPEATS = ['month_days', 'weekdays', 'once'] as const;
export type Repeat = (typeof REPEATS)[number];

/** What the event form holds. */
export interface EventFormValues {
  kind: EventKind;
  title: string;
  topics: string[];
  description?: string | null;
  repeat: Repeat;
  monthDays: number[];
  weekdays: number[];
  fromDay: string;
  untilDay?: string | null;
  starts: string;
  ends: string;
  capacity?: number | null;
}

/** A new form: the 温州 shape — a service day on every date ending in 7, 9:00–11:30, from today. */
export function newEventValues(today: string): EventFormValues {
  return {
    kind: 'service_day',
    title: '',
    topics: [],
    description: null,
    repeat: 'month_days',
    monthDays: daysEndingIn(7),
    weekdays: [],
    fromDay: today,
    untilDay: null,
    starts: '09:00',
    ends: '11:30',
    capacity: null,
  };
}

type Weekday = Extract<Recurrence, { kind: 'weekdays' }>['weekdays'][number];
const isWeekday = (n: number): n is Weekday => Number.isInteger(n) && n >= 1 && n <= 7;

/** The form's recurrence: null for a one-off. */
export function recurrenceOf(values: Pick<EventFormValues, 'repeat' | 'monthDays' | 'weekdays'>): Recurrence | null {
  if (values.repeat === 'once') return null;
  if (values.repeat === 'month_days') return { kind: 'month_days', days: [...new Set(values.monthDays)].sort((a, b) => a - b) };
  const weekdays = [...new Set(values.weekdays)].filter(isWeekday).sort((a, b) => a - b);
  return { kind: 'weekdays', weekdays };
}

export function toEventBody(values: EventFormValues): EventBody {
  const recurrence = recurrenceOf(values);
  const description = values.description?.trim();
  return {
    kind: values.kind,
    title: values.title.trim(),
    topics: [...new Set(values.topics.map((topic) => topic.trim()).filter(Boolean))],
    description: description ? description : null,
    recurrence,
    fromDay: values.fromDay,
    // A one-off is one day: the server takes its day as its last.
    untilDay: recurrence ? (values.untilDay ?? null) : null,
    starts: values.starts,
    ends: values.ends,
    capacity: values.capacity ?? null,
  };
}

/** The form's fields, for the field names the server's problems use (`body.recurrence.days` → monthDays …). */
export function eventFieldOf(field: string | undefined | null, repeat: Repeat): keyof EventFormValues | null {
  const name = field?.replace(/^body\./, '').split('.')[0];
  if (!name) return null;
  if (name === 'recurrence') return repeat === 'weekdays' ? 'weekdays' : 'monthDays';
  const known: readonly string[] = ['kind', 'title', 'topics', 'description', 'fromDay', 'untilDay', 'starts', 'ends', 'capacity'];
  return known.includes(name) ? (name as keyof EventFormValues) : null;
}

/** How full a day is, 0..100, or null when places are not limited. */
export function takenPercent(taken: number, capacity: number | null): number | null {
  if (capacity === null || capacity <= 0) return null;
  return Math.min(100, Math.round((taken / capacity) * 100));
}

// ---------------------------------------------------------------------------------------------
// Orders.

export type OrderAction = 'accept' | 'complete' | 'cancel';

/** What staff may do with an order in each status: ordered → accepted → done; before done, cancel. */
export function orderActions(status: OrderStatus): OrderAction[] {
  switch (status) {
    case 'ordered':
      return ['accept', 'cancel'];
    case 'accepted':
      return ['complete', 'cancel'];
    case 'done':
    case 'cancelled':
      return [];
  }
}

/** A volunteer's name as the server takes it: 2–30 characters once trimmed. */
export function volunteerNameProblem(name: string | undefined | null): 'required' | 'length' | null {
  const trimmed = name?.trim() ?? '';
  if (!trimmed) return 'required';
  return trimmed.length < 2 || trimmed.length > 30 ? 'length' : null;
}

// ---------------------------------------------------------------------------------------------
// The catalogue.

/**
 * Whether a service belongs to a union above the staff member's own (listed because it reaches down to
 * their stations, but not theirs to change). `myPath` is their union's materialised path ('/a/b/c/').
 */
export function isFromAbove(service: Pick<StationService, 'orgId'>, me: { orgId: string; path: string | null }): boolean {
  if (service.orgId === me.orgId || !me.path) return false;
  return me.path.split('/').includes(service.orgId);
}

// ---------------------------------------------------------------------------------------------
// The dashboard.

/** Done ÷ all orders placed in the span, or null when there were none. */
export function doneRate(orders: { total: number; byStatus: Partial<Record<OrderStatus, number>> }): number | null {
  return orders.total > 0 ? (orders.byStatus.done ?? 0) / orders.total : null;
}

/** Every day from `from` to `to` with its count (0 where the server has no row): a line needs its quiet days. */
export function everyDay(from: string, to: string, rows: readonly { day: string; visits: number }[]): { day: string; visits: number }[] {
  const byDay = new Map(rows.map((r) => [r.day, r.visits]));
  const out: { day: string; visits: number }[] = [];
  // A range entered backwards, or absurdly long, draws nothing rather than hang the page.
  if (from > to || Date.parse(to) - Date.parse(from) > 400 * DAY_MS) return out;
  for (let day = from; day <= to; day = addDays(day, 1)) out.push({ day, visits: byDay.get(day) ?? 0 });
  return out;
}

/** The dashboard's default span: the 30 days up to today, as the server's default. */
export function lastDays(today: string, days = 30): { from: string; to: string } {
  return { from: addDays(today, -(days - 1)), to: today };
}
