// Pure helpers of the stations pages: distances as a rider reads them, the riding circle, a week of
// opening hours grouped into lines, the filters in the page's address, and AMap's navigation link. The
// catalogues of kinds and amenities are shared with the console (shared/stations.ts). No React, no I/O.

import { AMENITIES, type Amenity } from '../../../shared/stations.ts';

export { AMENITIES, STATION_KINDS, type Amenity, type StationKind } from '../../../shared/stations.ts';

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

export interface Opening {
  opens: string;
  closes: string;
}
export type OpeningHours = { alwaysOpen: true } | { alwaysOpen: false; days: Partial<Record<string, Opening[]>> };

export function isAmenity(value: string): value is Amenity {
  return (AMENITIES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Distance and the riding circle.

/** 350 米 under a kilometre (to the nearest 10 m: a phone's fix is no finer), 1.2 公里 above, 23 公里 from 10 km. */
export function distanceParts(meters: number): { unit: 'meters' | 'kilometers'; n: string } {
  if (meters < 995) return { unit: 'meters', n: String(Math.max(10, Math.round(meters / 10) * 10)) };
  const km = meters / 1000;
  return { unit: 'kilometers', n: km < 9.95 ? km.toFixed(1) : String(Math.round(km)) };
}

/** How far a rider gets in `minutes` at `speedKmh`, in metres: 1,250 m for five minutes at 15 km/h. */
export function circleMeters(minutes: number, speedKmh: number): number {
  return (minutes * speedKmh * 1000) / 60;
}

// ---------------------------------------------------------------------------------------------
// Opening hours.

/** A line of the week: the days (1 = Monday) that share the same openings; none = closed those days. */
export interface DayGroup {
  days: Weekday[];
  openings: Opening[];
}

export type DaysLabel = { kind: 'every' } | { kind: 'range'; from: Weekday; to: Weekday } | { kind: 'list'; days: Weekday[] };

const sameOpenings = (a: readonly Opening[], b: readonly Opening[]) =>
  a.length === b.length && a.every((o, i) => o.opens === b[i]?.opens && o.closes === b[i]?.closes);

const byOpening = (a: Opening, b: Opening) => a.opens.localeCompare(b.opens);

/**
 * The week as few lines as a notice board would print it: days with the same openings together, in
 * the order of their first day (周一至周五 08:00–20:00, 周六、周日 10:00–18:00). Null when the station
 * never closes.
 */
export function groupWeek(hours: OpeningHours): DayGroup[] | null {
  if (hours.alwaysOpen) return null;
  const groups: DayGroup[] = [];
  for (const day of WEEKDAYS) {
    const openings = [...(hours.days[String(day)] ?? [])].sort(byOpening);
    const group = groups.find((g) => sameOpenings(g.openings, openings));
    if (group) group.days.push(day);
    else groups.push({ days: [day], openings });
  }
  return groups;
}

/** 每天 for the whole week, 周一至周五 for three or more days in a row, else the days one by one. */
export function daysLabel(days: readonly Weekday[]): DaysLabel {
  if (days.length === 7) return { kind: 'every' };
  const first = days[0];
  const last = days[days.length - 1];
  const consecutive = days.every((d, i) => i === 0 || d === (days[i - 1] as Weekday) + 1);
  if (first !== undefined && last !== undefined && consecutive && days.length >= 3) return { kind: 'range', from: first, to: last };
  return { kind: 'list', days: [...days] };
}

/** An opening as shown: a day's whole 24 hours, one that runs past midnight, or a plain span. */
export function openingKind(opening: Opening): 'allDay' | 'overnight' | 'span' {
  if (opening.opens === '00:00' && (opening.closes === '24:00' || opening.closes === '00:00')) return 'allDay';
  return opening.closes !== '24:00' && opening.closes < opening.opens ? 'overnight' : 'span';
}

/** Whether every day of the week is open all day long: shown as 24 小时 like an always-open station. */
export function isRoundTheClock(hours: OpeningHours): boolean {
  const groups = groupWeek(hours);
  if (groups === null) return true;
  return groups.length === 1 && groups[0]?.openings.length === 1 && openingKind(groups[0].openings[0] as Opening) === 'allDay';
}

/** The day of the week in Asia/Shanghai (1 = Monday), the calendar of every station's hours. */
export function shanghaiWeekday(at: Date): Weekday {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short' }).format(at);
  const index = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name);
  return (index + 1) as Weekday;
}

// ---------------------------------------------------------------------------------------------
// The filters, kept in the page's address so that back from a station's page finds them again.

export type StationsView = 'list' | 'map';

export interface StationFilters {
  amenities: Amenity[];
  openNow: boolean;
  view: StationsView;
}

/** ?amenity=microwave&amenity=water&open=1&view=map → the filters; unknown values are dropped. */
export function readFilters(search: URLSearchParams): StationFilters {
  const amenities = [...new Set(search.getAll('amenity').filter(isAmenity))];
  // In the catalogue's order, so that the same choice is the same address (and the same request).
  amenities.sort((a, b) => AMENITIES.indexOf(a) - AMENITIES.indexOf(b));
  return { amenities, openNow: search.get('open') === '1', view: search.get('view') === 'map' ? 'map' : 'list' };
}

export function writeFilters(filters: StationFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const amenity of filters.amenities) search.append('amenity', amenity);
  if (filters.openNow) search.set('open', '1');
  if (filters.view === 'map') search.set('view', 'map');
  return search;
}

// ---------------------------------------------------------------------------------------------
// Navigation.

/**
 * AMap's URI API: a marker at the station (GCJ-02, `coordinate=gaode`) that opens the AMap app when
 * the phone has it (`callnative=1`) and AMap's web page when it has not.
 */
export function amapMarkerUrl(gcj02: { lng: number; lat: number }, name: string): string {
  const params = new URLSearchParams({
    position: `${gcj02.lng.toFixed(6)},${gcj02.lat.toFixed(6)}`,
    name,
    src: 'gonghui',
    coordinate: 'gaode',
    callnative: '1',
  });
  // AMap reads the comma literally; URLSearchParams would write it as %2C.
  return `https://uri.amap.com/marker?${params.toString().replace(/%2C/g, ',')}`;
}
