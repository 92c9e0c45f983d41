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
