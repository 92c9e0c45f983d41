// Pure rules of the console's station pages: the catalogues the server accepts, opening hours as the
// editor holds them and as a line of the list says them, "open now" on the Shanghai clock, the form's
// values and the body the server takes, and the import's problem list as a CSV for Excel.
import { i18n } from '../../../../shared/i18n/index.ts';
import { AMENITIES } from '../../../../shared/stations.ts';
import type { Amenity, OpeningHours, Station, StationBody, StationKind, StationStatus } from './api.ts';

// The catalogues the server accepts, shared with the H5 (kept equal to the server's by its tests).
export { AMENITIES, STATION_KINDS } from '../../../../shared/stations.ts';

export const STATION_STATUSES = ['open', 'suspended', 'closed'] as const satisfies readonly StationStatus[];

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const WEEKDAY_KEYS = { 1: 'mon', 2: 'tue', 3: 'wed', 4: 'thu', 5: 'fri', 6: 'sat', 7: 'sun' } as const;

/** A weekday's name (周一 … 周日). */
export function weekdayName(day: Weekday): string {
  return i18n.t(`consoleStations.weekday.${WEEKDAY_KEYS[day]}`);
}

export interface Opening {
  opens: string;
  closes: string;
}

// ---------------------------------------------------------------------------------------------
// Opening hours in the editor.

/** The editor's hours: round the clock, the same spans every day, or spans per weekday (none: closed). */
export interface HoursValue {
  alwaysOpen: boolean;
  sameEveryDay: boolean;
  everyDay: Opening[];
  days: Record<Weekday, Opening[]>;
}

const emptyWeek = (): Record<Weekday, Opening[]> => ({ 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] });

/** 骑手之家's "12 小时免费服务": what a new station starts from. */
export const DEFAULT_HOURS: HoursValue = {
  alwaysOpen: false,
  sameEveryDay: true,
  everyDay: [{ opens: '08:00', closes: '20:00' }],
  days: emptyWeek(),
};

const key = (openings: readonly Opening[] | undefined) => JSON.stringify((openings ?? []).map((o) => [o.opens, o.closes]));

/** The editor's value for a station's hours: "every day the same" when every day is. */
export function toHoursValue(hours: OpeningHours): HoursValue {
  if (hours.alwaysOpen) return { ...DEFAULT_HOURS, alwaysOpen: true };
  const days = emptyWeek();
  for (const d of WEEKDAYS) days[d] = (hours.days[String(d)] ?? []).map((o) => ({ opens: o.opens, closes: o.closes }));
  const same = WEEKDAYS.every((d) => key(days[d]) === key(days[1])) && days[1].length > 0;
  return { alwaysOpen: false, sameEveryDay: same, everyDay: same ? days[1] : [{ opens: '08:00', closes: '20:00' }], days };
}

/** The hours the server takes from the editor's value (spans without both times left out). */
export function fromHoursValue(value: HoursValue): OpeningHours {
  if (value.alwaysOpen) return { alwaysOpen: true };
  const complete = (openings: readonly Opening[]) => openings.filter((o) => o.opens && o.closes).map((o) => ({ ...o }));
  const days: Record<string, Opening[]> = {};
  for (const d of WEEKDAYS) {
    const openings = complete(value.sameEveryDay ? value.everyDay : value.days[d]);
    if (openings.length > 0) days[String(d)] = openings;
  }
  return { alwaysOpen: false, days };
}

/** Switches the editor between "every day the same" and per weekday, carrying the spans across. */
export function withSameEveryDay(value: HoursValue, same: boolean): HoursValue {
  if (same === value.sameEveryDay) return value;
  if (!same) {
    const days = emptyWeek();
    for (const d of WEEKDAYS) days[d] = value.everyDay.map((o) => ({ ...o }));
    return { ...value, sameEveryDay: false, days };
  }
  const first = WEEKDAYS.map((d) => value.days[d]).find((openings) => openings.length > 0) ?? value.everyDay;
  return { ...value, sameEveryDay: true, everyDay: first.map((o) => ({ ...o })) };
}

/** One day's spans given to every day (the editor's "复制到每天"). */
export function copyDayToAll(value: HoursValue, day: Weekday): HoursValue {
  const days = emptyWeek();
  for (const d of WEEKDAYS) days[d] = value.days[day].map((o) => ({ ...o }));
  return { ...value, days };
}

// ---------------------------------------------------------------------------------------------
// Hours as a line of the list, and "open now".

const WHOLE_DAY = key([{ opens: '00:00', closes: '24:00' }]);

/**
 * The hours as one line: "24 小时", "每天 08:00–20:00", "周一至周五 09:00–17:00；周六 09:00–12:00"
 * (consecutive days with the same spans together; closed days unnamed).
 */
export function hoursSummary(hours: OpeningHours): string {
  const t = i18n.t.bind(i18n);
  const always = t('consoleStations.hours.always');
  if (hours.alwaysOpen) return always;
  // Each day's spans as a key (a whole day is round the clock), to find the days that share them.
  const keys = WEEKDAYS.map((d) => {
    const openings = hours.days[String(d)] ?? [];
    return openings.length === 0 ? null : key(openings);
  });
  const spansOf = (k: string, d: Weekday) =>
    k === WHOLE_DAY
      ? always
      : (hours.days[String(d)] ?? [])
          .map((o) => t('consoleStations.hours.span', { opens: o.opens, closes: o.closes }))
          .join(t('consoleStations.hours.spanSeparator'));
  const first = keys[0];
  if (keys.every((k) => k === null)) return t('consoleStations.hours.never');
  if (first && keys.every((k) => k === first))
    return first === WHOLE_DAY ? always : t('consoleStations.hours.everyDay', { spans: spansOf(first, 1) });
  const day = weekdayName;
  const parts: string[] = [];
  for (let i = 0; i < 7;) {
    let j = i;
    while (j + 1 < 7 && keys[j + 1] === keys[i]) j++;
    const k = keys[i];
    const from = WEEKDAYS[i] as Weekday;
    const to = WEEKDAYS[j] as Weekday;
    if (k) {
      const days = i === j ? day(from) : t('consoleStations.hours.dayRange', { from: day(from), to: day(to) });
      parts.push(t('consoleStations.hours.days', { days, spans: spansOf(k, from) }));
    }
    i = j + 1;
  }
  return parts.join(t('consoleStations.hours.groupSeparator'));
}

const minuteOf = (time: string) => {
  const [h = '0', m = '0'] = time.split(':');
  return Number(h) * 60 + Number(m);
};

/** Whether a station with these hours is open at an instant, on the Shanghai clock (as the server decides "open now"). */
export function isOpenAt(hours: OpeningHours, at: Date): boolean {
  if (hours.alwaysOpen) return true;
  const local = new Date(at.getTime() + 8 * 3_600_000);
  const now = ((local.getUTCDay() + 6) % 7) * 1440 + local.getUTCHours() * 60 + local.getUTCMinutes();
  const week = 7 * 1440;
  for (const d of WEEKDAYS) {
    for (const o of hours.days[String(d)] ?? []) {
      const opens = minuteOf(o.opens);
      const closes = minuteOf(o.closes);
      const start = (d - 1) * 1440 + opens;
      const end = start + (closes > opens ? closes - opens : 1440 - opens + closes);
      // An opening past Sunday midnight runs on into Monday morning.
      if ((now >= start && now < end) || (end > week && now < end - week)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The form.

export interface AmenityHoursRow {
  amenity: Amenity | undefined;
  hours: HoursValue;
}

export interface StationFormValues {
  name: string;
  kind: StationKind | undefined;
  host: string;
  orgId: string | undefined;
  regionCode: string | undefined;
  address: string;
  gcj02: { lng: number | null; lat: number | null };
  hours: HoursValue;
  amenities: Amenity[];
  amenityHours: AmenityHoursRow[];
  areaM2: number | null;
  phone: string;
}

export function newStationValues(orgId: string): StationFormValues {
  return {
    name: '',
    kind: undefined,
    host: '',
    orgId,
    regionCode: undefined,
    address: '',
    gcj02: { lng: null, lat: null },
    hours: DEFAULT_HOURS,
    amenities: [],
    amenityHours: [],
    areaM2: null,
    phone: '',
  };
}

export function toFormValues(station: Station): StationFormValues {
  return {
    name: station.name,
    kind: station.kind,
    host: station.host ?? '',
    orgId: station.orgId,
    regionCode: station.regionCode,
    address: station.address,
    gcj02: { ...station.gcj02 },
    hours: toHoursValue(station.hours),
    amenities: [...station.amenities],
    amenityHours: AMENITIES.flatMap((amenity) => {
      const own = station.amenityHours[amenity];
      return own ? [{ amenity, hours: toHoursValue(own) }] : [];
    }),
    areaM2: station.areaM2,
    phone: station.phone ?? '',
  };
}

/** The body the server takes; a field left empty goes as the server's "none" (null), its checks left to it. */
export function toStationBody(values: StationFormValues): StationBody {
  const amenityHours: Partial<Record<Amenity, OpeningHours>> = {};
  for (const row of values.amenityHours) if (row.amenity) amenityHours[row.amenity] = fromHoursValue(row.hours);
  return {
    orgId: values.orgId ?? '',
    name: values.name.trim(),
    kind: values.kind ?? 'staff_station',
    host: values.host.trim() || null,
    address: values.address.trim(),
    regionCode: values.regionCode ?? '',
    gcj02: { lng: values.gcj02.lng ?? Number.NaN, lat: values.gcj02.lat ?? Number.NaN },
    hours: fromHoursValue(values.hours),
    amenities: [...values.amenities],
    amenityHours,
    areaM2: values.areaM2 ?? null,
    phone: values.phone.trim() || null,
  };
}

/** The form field a server problem names: 'body.gcj02.lng' and 'gcj02' → gcj02, 'amenityHours.battery_swap' → amenityHours. */
export function formFieldOf(apiField: string | undefined): string | null {
  if (!apiField) return null;
  return apiField.replace(/^(body|query|params)\./, '').split('.')[0] || null;
}

/**
 * A point as AMap's 坐标拾取器 gives it to copy ("120.492600,30.082300", longitude first), or null
 * for anything else: pasted into the longitude box, it fills both.
 */
export function pastedPoint(text: string): { lng: number; lat: number } | null {
  const m = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*[,，\s]\s*(-?\d{1,2}(?:\.\d+)?)\s*$/.exec(text.normalize('NFKC'));
  if (!m) return null;
  return { lng: Number(m[1]), lat: Number(m[2]) };
}

// ---------------------------------------------------------------------------------------------
// Status and the import's report.

export type StatusAction = 'suspend' | 'reopen' | 'close';

export const STATUS_OF_ACTION: Record<StatusAction, StationStatus> = { suspend: 'suspended', reopen: 'open', close: 'closed' };

/** What may be done to a station in a status: a closed station is closed for good. */
export function statusActions(status: StationStatus): StatusAction[] {
  switch (status) {
    case 'open':
      return ['suspend', 'close'];
    case 'suspended':
      return ['reopen', 'close'];
    case 'closed':
      return [];
  }
}

export function statusColor(status: StationStatus): string {
  switch (status) {
    case 'open':
      return 'green';
    case 'suspended':
      return 'orange';
    case 'closed':
      return 'default';
  }
}

export interface ReportedProblem {
  row?: number | undefined;
  column?: string | undefined;
  code: string;
  message: string;
}

/** A CSV cell Excel opens as text: quoted when needed, a formula-like start defused. */
function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\n\r\t]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The import's problems as the CSV the uploader downloads (with a BOM, so Excel reads it as UTF-8). */
export function problemsCsv(header: readonly string[], problems: readonly ReportedProblem[]): string {
  const lines = [header.map(csvCell).join(','), ...problems.map((p) => [p.row, p.column, p.code, p.message].map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * A time as typed into the hours editor, as 'HH:MM': "8:00", "8", "800", "0800", "8.30", "20：00" → 08:00,
 * 20:00; anything else is given back as typed (the server names it). "24:00" is the day's end.
 */
export function normaliseTime(text: string): string {
  const typed = text.normalize('NFKC').trim();
  const m = /^(\d{1,2})(?:[:.]?(\d{2}))?$/.exec(typed);
  if (!m) return typed;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return typed;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}
