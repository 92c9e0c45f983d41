import { describe, expect, it } from 'vitest';
import { shanghaiDay } from './shanghai.js';

const byTimeZone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('shanghaiDay', () => {
  it('agrees with the time zone database around every midnight from 1985 to 2040, summer time (1986–1991) included', () => {
    const wrong: string[] = [];
    for (let day = Date.UTC(1985, 0, 1); day < Date.UTC(2040, 0, 1); day += 86_400_000) {
      // Shanghai's midnight is 16:00 UTC the day before (15:00 in summer time); probe both sides of each.
      for (const hour of [14, 15, 16, 17]) {
        for (const offsetMs of [-1, 0, 1]) {
          const at = new Date(day + hour * 3_600_000 + offsetMs);
          if (shanghaiDay(at) !== byTimeZone.format(at)) wrong.push(at.toISOString());
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives the calendar day in Shanghai, not in UTC', () => {
    expect(shanghaiDay(new Date('2022-06-30T15:59:59.999Z'))).toBe('2022-06-30');
    expect(shanghaiDay(new Date('2022-06-30T16:00:00Z'))).toBe('2022-07-01');
  });
});
