// The rules of rest stations (户外劳动者服务站点): kinds, amenities, opening hours and whether a station
// is open, the riding circle, and the service days that recur on a station's calendar. Pure: no I/O.
import type { FieldProblem } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/i18n.js';
import { shanghaiClock } from '../../platform/time/shanghai.js';

export const STATION_KINDS = [
  'staff_station', // 职工驿站
  'love_station', // 爱心驿站
  'courier_post', // 小哥驿站
  'rider_home', // 骑手之家
  'driver_home', // 司机之家
  'courier_home', // 快递员之家
  'love_wing', // 爱心翼站 (in telecom halls)
] as const;
export type StationKind = (typeof STATION_KINDS)[number];

/** A station closed for a while (a renovation) is suspended; one given up is closed. Only open ones are found. */
export const STATION_STATUSES = ['open', 'suspended', 'closed'] as const;
export type StationStatus = (typeof STATION_STATUSES)[number];

/** An inspection finds a station up to the standard, or names what to put right (整改) and by when. */
export const INSPECTION_CONCLUSIONS = ['meets', 'rectify'] as const;
export type InspectionConclusion = (typeof INSPECTION_CONCLUSIONS)[number];

/** A service day recurs on a station's calendar (逢"7"); an event happens once (a free film, a health check). */
export const EVENT_KINDS = ['service_day', 'event'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_STATUSES = ['scheduled', 'cancelled'] as const;

/** What unions offer at stations (温州's 逢"7" services, 柯桥's "十重礼"), for the demand dashboard's grouping. */
export const SERVICE_CATEGORIES = [
  'job_guidance', // 就业指导
  'legal_aid', // 法律援助
  'counselling', // 心理咨询
  'youth_social', // 青年交友
  'technical_help', // 技协帮服务
  'health', // 义诊、体检、疫苗接种
  'social_insurance', // 社保、医保咨询与办理
  'phone_care', // 手机贴膜、维修
  'other',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** An order of a service: ordered → accepted → done; ordered or accepted → cancelled. */
export const ORDER_STATUSES = ['ordered', 'accepted', 'done', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The fixed catalogue of amenities (DOMAIN.md): a filter a rider taps, so never free text. */
export const AMENITIES = [
  'water',
  'rest',
  'charging',
  'microwave',
  'toilet',
  'air_conditioning',
  'sofa',
  'first_aid',
  'battery_swap',
  'cooking',
] as const;
export type Amenity = (typeof AMENITIES)[number];

// ---------------------------------------------------------------------------------------------
// The riding circle.

/** 15 km/h: an e-bike rider's average in town; each union may set its own. */
export const DEFAULT_RIDING_SPEED_KMH = 15;
/** "5 分钟骑行服务圈": a station within five minutes' ride. */
export const RIDING_CIRCLE_MINUTES = 5;

/** Whole minutes to ride `meters` at `speedKmh`, rounded up (a rider plans by the minute). */
export function ridingMinutes(meters: number, speedKmh = DEFAULT_RIDING_SPEED_KMH): number {
  return Math.max(1, Math.ceil(meters / ((speedKmh * 1000) / 60)));
}

/** How far a rider gets in `minutes` at `speedKmh`, in metres: 1,250 m for five minutes at 15 km/h. */
export function ridingCircleMeters(minutes = RIDING_CIRCLE_MINUTES, speedKmh = DEFAULT_RIDING_SPEED_KMH): number {
  return (minutes * speedKmh * 1000) / 60;
}

// ---------------------------------------------------------------------------------------------
// Opening hours.

/** One opening of a day, 'HH:MM'–'HH:MM'. `closes` before `opens` runs past midnight; '24:00' is the day's end. */
export interface Opening {
  opens: string;
  closes: string;
}

/** A station's week: open round the clock, or by day (1 = Monday … 7 = Sunday; a day absent is closed). */
export type OpeningHours = { alwaysOpen: true } | { alwaysOpen: false; days: Partial<Record<Weekday, Opening[]>> };
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DAY_MINUTES = 24 * 60;
/** Minutes in a week: spans are [start, end) within [0, WEEK_MINUTES), Monday 00:00 being 0. */
export const WEEK_MINUTES = 7 * DAY_MINUTES;

/** Minutes since midnight of 'HH:MM', or null for anything else. */
export function minuteOf(time: string): number | null {
  const match = TIME.exec(time);
  if (!match) return null;
  return time === '24:00' ? DAY_MINUTES : Number(match[1]) * 60 + Number(match[2]);
}

/** An opening as minutes of the week [start, end), an overnight one running into the next day. */
function weekSpan(day: Weekday, opening: Opening): [number, number] {
  const opens = minuteOf(opening.opens) as number;
  const closes = minuteOf(opening.closes) as number;
  const start = (day - 1) * DAY_MINUTES + opens;
  return [start, start + (closes > opens ? closes - opens : DAY_MINUTES - opens + closes)];
}

function hoursProblem(code: string, params: Record<string, unknown> = {}): FieldProblem {
  return { field: 'hours', code: `stations.${code}`, message: t(`problems.stations.${code}`, params) };
}

/**
 * What is wrong with a week of opening hours: a time that is not 'HH:MM', an opening that opens and
 * closes at once, and two openings that overlap (an overnight one included, and Sunday's night into
 * Monday). Empty when it is right.
 */
export function checkOpeningHours(hours: OpeningHours): FieldProblem[] {
  if (hours.alwaysOpen) return [];
  const problems: FieldProblem[] = [];
  const spans: { day: Weekday; span: [number, number] }[] = [];
  for (const day of WEEKDAYS) {
    for (const opening of hours.days[day] ?? []) {
      const opens = minuteOf(opening.opens);
      const closes = minuteOf(opening.closes);
      if (opens === null || closes === null || opens === DAY_MINUTES) {
        problems.push(hoursProblem('hours_invalid', { day: t(`stations.weekday.${day}`), opens: opening.opens, closes: opening.closes }));
      } else if (opens === closes) {
        problems.push(hoursProblem('hours_empty', { day: t(`stations.weekday.${day}`), opens: opening.opens }));
      } else spans.push({ day, span: weekSpan(day, opening) });
    }
  }
  const week = WEEK_MINUTES;
  // Sunday night's opening may run into Monday morning: compare each span with the others, and with
  // them a week later.
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i] as { day: Weekday; span: [number, number] };
      const b = spans[j] as { day: Weekday; span: [number, number] };
      const overlaps = [0, week, -week].some((shift) => a.span[0] < b.span[1] + shift && b.span[0] + shift < a.span[1]);
      if (!overlaps) continue;
      problems.push(hoursProblem('hours_overlap', { day: t(`stations.weekday.${a.day}`), other: t(`stations.weekday.${b.day}`) }));
    }
  }
  return problems;
}

/**
 * The week's openings as spans of minutes of the week, an opening that runs past Sunday midnight cut
 * in two (its Monday morning part from 0): what the search reads to tell "open now". Hours must be valid.
 */
export function weekSpans(hours: OpeningHours): [number, number][] {
  if (hours.alwaysOpen) return [[0, WEEK_MINUTES]];
  const spans: [number, number][] = [];
  for (const day of WEEKDAYS) {
    for (const opening of hours.days[day] ?? []) {
      const [start, end] = weekSpan(day, opening);
      if (end <= WEEK_MINUTES) spans.push([start, end]);
      else spans.push([start, WEEK_MINUTES], [0, end - WEEK_MINUTES]);
    }
  }
  return spans;
}

/** Minute of the week of an instant (Asia/Shanghai), the key `weekSpans` are compared with. */
export function weekMinute(at: Date): number {
  const { weekday, minute } = shanghaiClock(at);
  return (weekday - 1) * DAY_MINUTES + minute;
}

/** Whether a station with these hours is open at an instant (Asia/Shanghai): the test the search's SQL makes. Hours must be valid. */
export function isOpenAt(hours: OpeningHours, at: Date): boolean {
  const now = weekMinute(at);
  return weekSpans(hours).some(([start, end]) => now >= start && now < end);
}

/** Hours open in a week (12 for each day of "12 小时免费服务"). */
export function hoursPerWeek(hours: OpeningHours): number {
  return weekSpans(hours).reduce((minutes, [start, end]) => minutes + end - start, 0) / 60;
}

/** The same opening every day of the week. */
export function everyDay(opens: string, closes: string): OpeningHours {
  return { alwaysOpen: false, days: Object.fromEntries(WEEKDAYS.map((d) => [d, [{ opens, closes }]])) };
}

// ---------------------------------------------------------------------------------------------
// Service days: a station's recurring calendar (温州: 逢"7" — the 7th, 17th and 27th of every month).

export type MonthDays = { kind: 'month_days'; days: number[] };
export type Recurrence = MonthDays | { kind: 'weekdays'; weekdays: Weekday[] };

/** Every date whose day of the month ends in `digit` (逢"7": 7, 17, 27). */
export function daysEndingIn(digit: number): MonthDays {
  return { kind: 'month_days', days: [digit, digit + 10, digit + 20, digit + 30].filter((d) => d >= 1 && d <= 31) };
}

/** The days 'YYYY-MM-DD' from `from` to `to` (both included) on which the recurrence falls; a 31st only in months that have one. */
export function occurrences(rule: Recurrence, from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= end; at += 86_400_000) {
    const date = new Date(at);
    const falls =
      rule.kind === 'month_days'
        ? rule.days.includes(date.getUTCDate())
        : rule.weekdays.includes((((date.getUTCDay() + 6) % 7) + 1) as Weekday);
    if (falls) days.push(date.toISOString().slice(0, 10));
  }
  return days;
}

/** The days 'YYYY-MM-DD' of an event within [from, to]: its own days between its first and last. */
export function eventDays(
  event: { recurrence: Recurrence | null; fromDay: string; untilDay: string | null },
  from: string,
  to: string,
): string[] {
  const start = from > event.fromDay ? from : event.fromDay;
  const last = event.recurrence ? (event.untilDay ?? to) : event.fromDay;
  const end = to < last ? to : last;
  if (start > end) return [];
  return event.recurrence ? occurrences(event.recurrence, start, end) : [event.fromDay];
}

/** What is wrong with an event's dates and times as entered; empty when it is right. */
export function checkEvent(event: {
  recurrence: Recurrence | null;
  fromDay: string;
  untilDay: string | null;
  starts: string;
  ends: string;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (field: string, code: string, params: Record<string, unknown> = {}) =>
    problems.push({ field, code: `stations.${code}`, message: t(`problems.stations.${code}`, params) });
  const starts = minuteOf(event.starts);
  const ends = minuteOf(event.ends);
  if (starts === null || ends === null || starts >= ends) {
    problem('starts', 'event_times_invalid', { starts: event.starts, ends: event.ends });
  }
  if (event.untilDay !== null && event.untilDay < event.fromDay) problem('untilDay', 'event_days_invalid');
  if (event.recurrence) {
    const values = event.recurrence.kind === 'month_days' ? event.recurrence.days : event.recurrence.weekdays;
    const max = event.recurrence.kind === 'month_days' ? 31 : 7;
    if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1 || v > max)) problem('recurrence', 'recurrence_invalid');
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Ordering a service (数字化点单式下单).

/** How far ahead a member may order: a union plans its volunteers a month at a time. */
export const ORDER_HORIZON_DAYS = 30;
/** How soon a slot may start: the union needs the time to send someone. */
export const ORDER_LEAD_MINUTES = 60;

/** The week's openings merged where they touch (Monday 20:00–24:00 and Tuesday 00:00–08:00 are one night). */
function mergedSpans(hours: OpeningHours): [number, number][] {
  const spans = weekSpans(hours).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of spans) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Whether a station with these hours is open for the whole of [at, at + minutes) (Asia/Shanghai). */
export function isOpenThroughout(hours: OpeningHours, at: Date, minutes: number): boolean {
  if (hours.alwaysOpen) return true;
  const spans = mergedSpans(hours);
  const start = weekMinute(at);
  const end = start + minutes;
  // A slot that runs past Sunday midnight is checked as its two parts.
  const parts: [number, number][] =
    end <= WEEK_MINUTES
      ? [[start, end]]
      : [
          [start, WEEK_MINUTES],
          [0, end - WEEK_MINUTES],
        ];
  return parts.every(([a, b]) => spans.some(([s, e]) => s <= a && b <= e));
}

/** Why a slot cannot be ordered (a stable code under problems.stations.*), or null when it can. */
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

export type OrderAction = 'accept' | 'complete' | 'cancel';

/** The status an action moves an order to, or null when the action is not open to it now. */
export function nextOrderStatus(current: OrderStatus, action: OrderAction): OrderStatus | null {
  if (action === 'accept') return current === 'ordered' ? 'accepted' : null;
  if (action === 'complete') return current === 'accepted' ? 'done' : null;
  return current === 'ordered' || current === 'accepted' ? 'cancelled' : null;
}

/** A slot as an SMS says it: "12月7日 14:00" (Asia/Shanghai). */
export function slotText(at: Date): string {
  const { day, minute } = shanghaiClock(at);
  const [, month, date] = day.split('-').map(Number);
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${month}月${date}日 ${hh}:${mm}`;
}

// ---------------------------------------------------------------------------------------------
// The uniform standard (统一标识、统一标准、统一管理) and inspection visits.

/** One point of a standard: what an inspector checks; a station failing a required one must be put right. */
export interface StandardPoint {
  code: string;
  text: string;
  required: boolean;
}

/**
 * The checklist that applies where no union above a station has set its own: the points provincial
 * unions' station-building standards share (有场所、有标识、有设施、有制度、有人员、有台账).
 */
export const DEFAULT_STANDARD: readonly StandardPoint[] = [
  { code: 'sign', text: '统一标识标牌（门口悬挂，醒目可见）', required: true },
  { code: 'water', text: '饮水设备（冷热饮用水）', required: true },
  { code: 'seating', text: '休息座椅', required: true },
  { code: 'charging', text: '手机充电', required: true },
  { code: 'first_aid', text: '急救药箱（药品在有效期内）', required: true },
  { code: 'microwave', text: '微波炉或其他热饭设备', required: false },
  { code: 'toilet', text: '卫生间，或就近如厕指引', required: true },
  { code: 'climate', text: '防暑降温、防寒取暖设施或用品', required: true },
  { code: 'hours_notice', text: '开放时间对外公示', required: true },
  { code: 'keeper', text: '专人管理与值守', required: true },
  { code: 'ledger', text: '服务台账（来访、物品发放记录）', required: true },
  { code: 'fire_safety', text: '消防安全（灭火器完好，通道畅通）', required: true },
];

/** What an inspector finds at one point; a note says what is wrong (or why a point does not apply). */
export const INSPECTION_RESULTS = ['pass', 'fail', 'not_applicable'] as const;
export type InspectionResultKind = (typeof INSPECTION_RESULTS)[number];
export interface InspectionAnswer {
  code: string;
  result: InspectionResultKind;
  note?: string | null | undefined;
}

/** A standard holds at most this many points: a checklist walked on a phone at the door, not a manual. */
export const MAX_STANDARD_POINTS = 50;
const POINT_CODE = /^[a-z][a-z0-9_]{0,39}$/;

function stationProblem(field: string, code: string, params: Record<string, unknown> = {}): FieldProblem {
  return { field, code: `stations.${code}`, message: t(`problems.stations.${code}`, params) };
}

/** What is wrong with a standard as a union enters it: empty, too long, a code that is malformed or used twice. */
export function checkStandard(points: readonly StandardPoint[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (points.length === 0) problems.push(stationProblem('items', 'standard_empty'));
  if (points.length > MAX_STANDARD_POINTS) problems.push(stationProblem('items', 'standard_too_long', { max: MAX_STANDARD_POINTS }));
  const seen = new Set<string>();
  points.forEach((point, i) => {
    if (!POINT_CODE.test(point.code)) problems.push(stationProblem(`items.${i}.code`, 'standard_code_invalid', { code: point.code }));
    else if (seen.has(point.code)) problems.push(stationProblem(`items.${i}.code`, 'standard_code_twice', { code: point.code }));
    seen.add(point.code);
  });
  return problems;
}

/** An inspection's verdict: any required point failed → rectify (整改); otherwise it meets the standard. */
export function inspectionConclusion(standard: readonly StandardPoint[], answers: readonly InspectionAnswer[]): InspectionConclusion {
  const required = new Set(standard.filter((p) => p.required).map((p) => p.code));
  return answers.some((a) => a.result === 'fail' && required.has(a.code)) ? 'rectify' : 'meets';
}

export interface InspectionInput {
  visitedOn: string;
  answers: readonly InspectionAnswer[];
  /** By when a station that must be put right is to be; required then, ignored otherwise. */
  rectifyBy?: string | null | undefined;
}

/**
 * What is wrong with an inspection as entered, against the standard that applies and today's date
 * (Asia/Shanghai, 'YYYY-MM-DD'): an answer for a point the standard lacks or for one point twice, a
 * point left unanswered, a failure without a note saying what is wrong, a required point called "not
 * applicable" without a reason, a visit in the future, and — when it must be put right — no date to
 * put it right by, or one already past. Empty when it is right.
 */
export function checkInspection(standard: readonly StandardPoint[], input: InspectionInput, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const points = new Map(standard.map((p) => [p.code, p]));
  const answered = new Set<string>();
  input.answers.forEach((answer, i) => {
    const point = points.get(answer.code);
    if (!point) {
      problems.push(stationProblem(`results.${i}.code`, 'inspection_point_unknown', { code: answer.code }));
      return;
    }
    if (answered.has(answer.code)) {
      problems.push(stationProblem(`results.${i}.code`, 'inspection_point_twice', { point: point.text }));
      return;
    }
    answered.add(answer.code);
    const noted = Boolean(answer.note?.trim());
    if (answer.result === 'fail' && !noted) {
      problems.push(stationProblem(`results.${i}.note`, 'inspection_fail_unexplained', { point: point.text }));
    }
    if (answer.result === 'not_applicable' && point.required && !noted) {
      problems.push(stationProblem(`results.${i}.note`, 'inspection_required_not_applicable', { point: point.text }));
    }
  });
  for (const point of standard) {
    if (!answered.has(point.code)) problems.push(stationProblem('results', 'inspection_point_missing', { point: point.text }));
  }
  if (input.visitedOn > today) problems.push(stationProblem('visitedOn', 'inspection_visit_in_future', { day: input.visitedOn }));
  if (inspectionConclusion(standard, input.answers) === 'rectify') {
    if (!input.rectifyBy) problems.push(stationProblem('rectifyBy', 'rectify_by_missing'));
    else if (input.rectifyBy < today) problems.push(stationProblem('rectifyBy', 'rectify_by_past', { day: input.rectifyBy }));
  }
  return problems;
}

/** Whether a station told to put things right is late doing so: its last inspection said rectify, and the day has passed. */
export function rectificationOverdue(last: { conclusion: InspectionConclusion; rectifyBy: string | null } | null, today: string): boolean {
  return last !== null && last.conclusion === 'rectify' && last.rectifyBy !== null && last.rectifyBy < today;
}
