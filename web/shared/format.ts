// Formatting helpers: dates in Asia/Shanghai (the platform's calendar), money in fen, durations.
import { i18n } from './i18n/index.ts';

const TIME_ZONE = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

const dateFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function parts(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(date)) out[part.type] = part.value;
  return out;
}

/** 2026-07-01 09:30:05 (Shanghai time), or '—' when empty. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  if (!date) return i18n.t('common.none');
  const p = parts(dateTimeFormat, date);
  const hour = p.hour === '24' ? '00' : p.hour;
  return `${p.year}-${p.month}-${p.day} ${hour}:${p.minute}:${p.second}`;
}

/** 2026-07-01 (Shanghai calendar day), or '—' when empty. */
export function formatDate(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  if (!date) return i18n.t('common.none');
  const p = parts(dateFormat, date);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 12.50 from 1250 fen, with the yuan sign: ¥12.50. */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return i18n.t('common.none');
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100).toLocaleString('zh-CN')}.${String(abs % 100).padStart(2, '0')}`;
}

/** A duration in words: 30 秒, 5 分钟, 2 小时, 1 天 (largest whole unit, then the remainder). */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return i18n.t('common.none');
  const units: [number, 'days' | 'hours' | 'minutes' | 'seconds'][] = [
    [86_400, 'days'],
    [3_600, 'hours'],
    [60, 'minutes'],
    [1, 'seconds'],
  ];
  const out: string[] = [];
  let left = Math.max(0, Math.round(seconds));
  for (const [size, unit] of units) {
    const count = Math.floor(left / size);
    if (count > 0) out.push(i18n.t(`common.duration.${unit}`, { count }));
    left -= count * size;
    if (out.length === 2) break;
  }
  return out.length ? out.join(' ') : i18n.t('common.duration.seconds', { count: 0 });
}

/** Whether an instant lies in the future (e.g. a lock that still holds). */
export function isFuture(value: string | null | undefined, now = Date.now()): boolean {
  const date = toDate(value);
  return date !== null && date.getTime() > now;
}

/**
 * The last characters of an id, enough to tell records apart on screen. (UUIDv7 ids begin with
 * their creation time, so records made together share their first characters, not their last.)
 */
export function shortId(id: string | null | undefined): string {
  if (!id) return i18n.t('common.none');
  return id.length > 8 ? `…${id.slice(-8)}` : id;
}
