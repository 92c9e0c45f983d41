// Small pieces the station-services pages share: status and category tags, and Shanghai days and
// slots in words.
import { Tag } from 'antd';
import { i18n } from '../../../../../shared/i18n/index.ts';
import type { OrderStatus, Recurrence, ServiceCategory } from '../api.ts';
import { endingDigitOf, isoWeekday, slotParts } from '../rules.ts';

const ORDER_STATUS_COLOR: Record<OrderStatus, string> = {
  ordered: 'orange',
  accepted: 'blue',
  done: 'green',
  cancelled: 'default',
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  return (
    <Tag color={ORDER_STATUS_COLOR[status]} bordered={false} data-testid="order-status">
      {i18n.t(`consoleStationServices.orderStatus.${status}`)}
    </Tag>
  );
}

export function CategoryTag({ category }: { category: ServiceCategory }) {
  return <Tag bordered={false}>{i18n.t(`consoleStationServices.category.${category}`)}</Tag>;
}

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** 1 (Monday) … 7 (Sunday) as 周一 … 周日. */
function weekdayName(n: number): string {
  return i18n.t(`consoleStationServices.weekday.${WEEKDAY_KEYS[(n - 1 + 7) % 7] ?? 'mon'}`);
}

/** 2026-07-07 周二 */
export function dayText(day: string): string {
  return i18n.t('consoleStationServices.dayWithWeekday', { day, weekday: weekdayName(isoWeekday(day)) });
}

/** 09:00–11:30 */
export function spanText(starts: string, ends: string): string {
  return i18n.t('consoleStationServices.timeSpan', { starts, ends });
}

/** An order's slot in one line, Shanghai time: 2026-07-07 周二 10:00–11:00. */
export function slotText(slotAt: string, durationMinutes: number): string {
  const slot = slotParts(slotAt, durationMinutes);
  return `${dayText(slot.day)} ${spanText(slot.starts, slot.ends)}`;
}

/** An order's slot on two lines (the queue's first column). */
export function SlotCell({ slotAt, durationMinutes }: { slotAt: string; durationMinutes: number }) {
  const slot = slotParts(slotAt, durationMinutes);
  return (
    <div className="gh-ss-slot">
      <div className="gh-ss-slot-day">{dayText(slot.day)}</div>
      <div className="gh-ss-slot-time">{spanText(slot.starts, slot.ends)}</div>
    </div>
  );
}

/** 每月逢 7 / 每月 5、15 日 / 每周一、周三 / 每天 / 一次. */
export function repeatText(recurrence: Recurrence | null): string {
  const k = 'consoleStationServices.repeat';
  if (!recurrence) return i18n.t(`${k}.once`);
  const separator = i18n.t(`${k}.daySeparator`);
  if (recurrence.kind === 'month_days') {
    const digit = endingDigitOf(recurrence.days);
    if (digit !== null) return i18n.t(`${k}.monthDigit`, { digit });
    return i18n.t(`${k}.monthDays`, { days: [...recurrence.days].sort((a, b) => a - b).join(separator) });
  }
  if (recurrence.weekdays.length === 7) return i18n.t(`${k}.everyDay`);
  const days = [...recurrence.weekdays].sort((a, b) => a - b).map(weekdayName);
  return i18n.t(`${k}.weekdays`, { days: days.join(separator) });
}

export { weekdayName };
