// "Per day" everywhere in the project is the Asia/Shanghai calendar day (DOMAIN.md). Pure: rules use it.

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

// China has kept UTC+8 all year since 1992 (it last observed summer time in 1991): from then on the day
// is plain arithmetic, which every claim of a burst computes a few times; before, the time zone database.
const FIXED_OFFSET_SINCE_MS = Date.UTC(1992, 0, 1);
const OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day of an instant, as 'YYYY-MM-DD' ("per day" in every rule). */
export function shanghaiDay(at: Date): string {
  const ms = at.getTime();
  if (ms >= FIXED_OFFSET_SINCE_MS) return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
  return SHANGHAI.format(at);
}

/** Where an instant falls on the Asia/Shanghai clock: its day, ISO weekday (Monday 1 … Sunday 7) and minute of the day. */
export function shanghaiClock(at: Date): { day: string; weekday: number; minute: number } {
  const local = new Date(at.getTime() + OFFSET_MS);
  return {
    day: shanghaiDay(at),
    weekday: ((local.getUTCDay() + 6) % 7) + 1,
    minute: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

const SHANGHAI_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  dateStyle: 'short',
  timeStyle: 'medium',
  hour12: false,
});

/** An instant on the Asia/Shanghai clock as people read it in exports and statements ("2026/12/7 10:05:00"). */
export function shanghaiTimeText(at: Date): string {
  return SHANGHAI_TIME.format(at);
}
