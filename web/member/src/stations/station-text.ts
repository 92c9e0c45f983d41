// A station's facts as a rider reads them in Chinese: 350 米, 骑行约 2 分钟, 每天 08:00–20:00.
import { i18n } from '../../../shared/i18n/index.ts';
import {
  daysLabel,
  distanceParts,
  groupWeek,
  isRoundTheClock,
  openingKind,
  type Amenity,
  type Opening,
  type OpeningHours,
  type Weekday,
} from './rules.ts';

const t = i18n.t.bind(i18n);

export function distanceText(meters: number): string {
  const { unit, n } = distanceParts(meters);
  return t(`memberStations.distance.${unit}`, { n });
}

export function ridingText(minutes: number): string {
  return t('memberStations.riding', { n: minutes });
}

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function weekdayName(day: Weekday): string {
  return t(`memberStations.weekday.${WEEKDAY_KEYS[day - 1] ?? 'mon'}`);
}

function openingText(opening: Opening): string {
  switch (openingKind(opening)) {
    case 'allDay':
      return t('memberStations.detail.alwaysOpen');
    case 'overnight':
      return t('memberStations.detail.overnight', { opens: opening.opens, closes: opening.closes });
    case 'span':
      return t('memberStations.detail.span', { opens: opening.opens, closes: opening.closes });
  }
}

/** 08:00–12:00、14:00–20:00; 休息 for a day without openings. */
export function openingsText(openings: readonly Opening[]): string {
  if (openings.length === 0) return t('memberStations.detail.closedDay');
  return openings.map(openingText).join('、');
}

function daysText(days: readonly Weekday[]): string {
  const label = daysLabel(days);
  switch (label.kind) {
    case 'every':
      return t('memberStations.detail.everyDay');
    case 'range':
      return t('memberStations.detail.dayRange', { from: weekdayName(label.from), to: weekdayName(label.to) });
    case 'list':
      return label.days.map(weekdayName).join('、');
  }
}

export interface HoursLine {
  days: string;
  hours: string;
  /** The line holds today (Asia/Shanghai). */
  today: boolean;
}

/** The week in lines: [{ days: '每天', hours: '24 小时' }], [{ days: '周一至周五', hours: '08:00–20:00' }, …]. */
export function hoursLines(hours: OpeningHours, today: Weekday): HoursLine[] {
  if (isRoundTheClock(hours))
    return [{ days: t('memberStations.detail.everyDay'), hours: t('memberStations.detail.alwaysOpen'), today: true }];
  const groups = groupWeek(hours) ?? [];
  return groups.map((group) => ({ days: daysText(group.days), hours: openingsText(group.openings), today: group.days.includes(today) }));
}

/** One line for a list row or an amenity: 24 小时, 每天 08:00–20:00, or today's hours when the days differ. */
export function hoursSummary(hours: OpeningHours, today: Weekday): string {
  const lines = hoursLines(hours, today);
  if (lines.length === 1) {
    const [line] = lines as [HoursLine];
    return line.hours === t('memberStations.detail.alwaysOpen') ? line.hours : `${line.days} ${line.hours}`;
  }
  const todays = lines.find((line) => line.today);
  return `${t('memberStations.detail.today')} ${todays?.hours ?? t('memberStations.detail.closedDay')}`;
}

/** The amenities whose hours differ from the station's: 换电柜 24 小时. */
export function amenityHoursNotes(
  amenityHours: Partial<Record<string, OpeningHours>>,
  amenities: readonly Amenity[],
  today: Weekday,
): { amenity: Amenity; text: string }[] {
  return amenities.flatMap((amenity) => {
    const own = amenityHours[amenity];
    return own ? [{ amenity, text: hoursSummary(own, today) }] : [];
  });
}
