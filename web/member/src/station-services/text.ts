// Days and times as a rider reads them: 今天 7月6日, 7月9日 周四, 14:30.
import { i18n } from '../../../shared/i18n/index.ts';
import type { Weekday } from '../stations/rules.ts';
import { clockText, relativeDay, shanghaiClock, weekdayOf } from './rules.ts';

const t = i18n.t.bind(i18n);
const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export function weekdayName(day: Weekday): string {
  return t(`memberStations.weekday.${WEEKDAY_KEYS[day - 1] ?? 'mon'}`);
}

/** 7月6日 */
export function dateText(day: string): string {
  return t('memberStationServices.day.date', { month: Number(day.slice(5, 7)), date: Number(day.slice(8, 10)) });
}

/** 今天 7月6日 / 明天 7月7日 / 7月9日 周四. */
export function dayText(day: string, today: string): string {
  const relative = relativeDay(day, today);
  if (relative)
    return t('memberStationServices.day.relative', { relative: t(`memberStationServices.day.${relative}`), date: dateText(day) });
  return t('memberStationServices.day.full', { date: dateText(day), weekday: weekdayName(weekdayOf(day)) });
}

/** The short label of a day chip: 今天 / 明天 / 后天 / 周四. */
export function dayShortText(day: string, today: string): string {
  const relative = relativeDay(day, today);
  return relative ? t(`memberStationServices.day.${relative}`) : weekdayName(weekdayOf(day));
}

/** 14:30 (Shanghai). */
export function timeText(at: Date): string {
  return clockText(shanghaiClock(at).minute);
}

/** 明天 7月7日 14:30 */
export function slotText(at: Date | string, now: Date): string {
  const instant = typeof at === 'string' ? new Date(at) : at;
  return t('memberStationServices.order.summary', {
    day: dayText(shanghaiClock(instant).day, shanghaiClock(now).day),
    time: timeText(instant),
  });
}
