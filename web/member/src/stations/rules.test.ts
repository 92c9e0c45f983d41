import { describe, expect, it } from 'vitest';
import {
  AMENITIES,
  amapMarkerUrl,
  circleMeters,
  daysLabel,
  distanceParts,
  groupWeek,
  isRoundTheClock,
  openingKind,
  readFilters,
  shanghaiWeekday,
  STATION_KINDS,
  writeFilters,
  type OpeningHours,
} from './rules.ts';
import { amenityHoursNotes, distanceText, hoursLines, hoursSummary, ridingText } from './station-text.ts';

// Through a variable: the web app has its own tsconfig, not the server's.
const serverRules = '../../../../src/modules/stations/rules.ts';
const server = (await import(/* @vite-ignore */ serverRules)) as {
  AMENITIES: readonly string[];
  STATION_KINDS: readonly string[];
  ridingCircleMeters: (minutes: number, speedKmh: number) => number;
  everyDay: (opens: string, closes: string) => OpeningHours;
};
const everyDay = server.everyDay;

describe('the catalogues', () => {
  it('offer exactly the amenities and kinds the server accepts, in its order', () => {
    expect([...AMENITIES]).toEqual([...server.AMENITIES]);
    expect([...STATION_KINDS]).toEqual([...server.STATION_KINDS]);
  });
});

describe(distanceParts.name, () => {
  it('reads metres to the nearest ten under a kilometre, kilometres with one decimal above', () => {
    expect(distanceText(350)).toBe('350 米');
    expect(distanceText(347)).toBe('350 米');
    expect(distanceText(4)).toBe('10 米');
    expect(distanceText(994)).toBe('990 米');
    expect(distanceText(996)).toBe('1.0 公里');
    expect(distanceText(1_234)).toBe('1.2 公里');
    expect(distanceText(12_600)).toBe('13 公里');
  });
  it('says the ride in minutes', () => {
    expect(ridingText(2)).toBe('骑行约 2 分钟');
  });
});

describe(circleMeters.name, () => {
  it('is 1,250 m for five minutes at 15 km/h (the server’s riding circle)', () => {
    expect(circleMeters(5, 15)).toBe(1250);
    expect(circleMeters(5, 15)).toBe(server.ridingCircleMeters(5, 15));
  });
});

describe(groupWeek.name, () => {
  it('puts days with the same openings on one line, in the order of their first day', () => {
    const hours: OpeningHours = {
      alwaysOpen: false,
      days: {
        '1': [{ opens: '08:00', closes: '20:00' }],
        '2': [{ opens: '08:00', closes: '20:00' }],
        '3': [{ opens: '08:00', closes: '20:00' }],
        '4': [{ opens: '08:00', closes: '20:00' }],
        '5': [{ opens: '08:00', closes: '20:00' }],
        '6': [{ opens: '10:00', closes: '18:00' }],
        '7': [{ opens: '10:00', closes: '18:00' }],
      },
    };
    expect(groupWeek(hours)?.map((g) => g.days)).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7],
    ]);
    expect(hoursLines(hours, 6)).toEqual([
      { days: '周一至周五', hours: '08:00–20:00', today: false },
      { days: '周六、周日', hours: '10:00–18:00', today: true },
    ]);
  });
  it('names closed days, split days and openings past midnight', () => {
    const hours: OpeningHours = {
      alwaysOpen: false,
      days: {
        '1': [
          { opens: '14:00', closes: '20:00' },
          { opens: '08:00', closes: '12:00' },
        ],
        '3': [
          { opens: '08:00', closes: '12:00' },
          { opens: '14:00', closes: '20:00' },
        ],
        '5': [{ opens: '20:00', closes: '08:00' }],
      },
    };
    expect(hoursLines(hours, 2)).toEqual([
      { days: '周一、周三', hours: '08:00–12:00、14:00–20:00', today: false },
      { days: '周二、周四、周六、周日', hours: '休息', today: true },
      { days: '周五', hours: '20:00–次日 08:00', today: false },
    ]);
  });
});

describe('a week read aloud', () => {
  it('says 每天 08:00–20:00 for 骑手之家’s twelve free hours, and 24 小时 for its battery cabinet', () => {
    expect(hoursLines(everyDay('08:00', '20:00'), 3)).toEqual([{ days: '每天', hours: '08:00–20:00', today: true }]);
    expect(hoursSummary(everyDay('08:00', '20:00'), 3)).toBe('每天 08:00–20:00');
    expect(hoursSummary({ alwaysOpen: true }, 3)).toBe('24 小时');
    expect(amenityHoursNotes({ battery_swap: { alwaysOpen: true } }, ['water', 'microwave', 'battery_swap'], 3)).toEqual([
      { amenity: 'battery_swap', text: '24 小时' },
    ]);
  });
  it('takes every day from 00:00 to 24:00 for round the clock', () => {
    expect(isRoundTheClock(everyDay('00:00', '24:00'))).toBe(true);
    expect(hoursSummary(everyDay('00:00', '24:00'), 1)).toBe('24 小时');
    expect(isRoundTheClock(everyDay('06:00', '24:00'))).toBe(false);
    expect(openingKind({ opens: '06:00', closes: '24:00' })).toBe('span');
  });
  it('gives today’s hours in a one-line summary when the days differ', () => {
    const weekdaysOnly: OpeningHours = { alwaysOpen: false, days: { '1': [{ opens: '09:00', closes: '17:00' }] } };
    expect(hoursSummary(weekdaysOnly, 1)).toBe('今天 09:00–17:00');
    expect(hoursSummary(weekdaysOnly, 2)).toBe('今天 休息');
  });
});

describe(daysLabel.name, () => {
  it('writes three or more days in a row as a range, two as a pair', () => {
    expect(daysLabel([1, 2, 3, 4, 5, 6, 7])).toEqual({ kind: 'every' });
    expect(daysLabel([2, 3, 4])).toEqual({ kind: 'range', from: 2, to: 4 });
    expect(daysLabel([6, 7])).toEqual({ kind: 'list', days: [6, 7] });
    expect(daysLabel([1, 3, 4])).toEqual({ kind: 'list', days: [1, 3, 4] });
  });
});

describe(shanghaiWeekday.name, () => {
  it('counts the day in Shanghai, not on the phone’s clock', () => {
    // Sunday 23:30 UTC is Monday 07:30 in Shanghai.
    expect(shanghaiWeekday(new Date('2026-07-05T23:30:00Z'))).toBe(1);
    expect(shanghaiWeekday(new Date('2026-07-05T15:59:00Z'))).toBe(7);
  });
});

describe(readFilters.name, () => {
  it('reads the page address back to the same filters, in the catalogue’s order, dropping unknown amenities', () => {
    const filters = readFilters(new URLSearchParams('amenity=water&amenity=microwave&amenity=beer&amenity=water&open=1&view=map'));
    expect(filters).toEqual({ amenities: ['water', 'microwave'], openNow: true, view: 'map' });
    expect(writeFilters(filters).toString()).toBe('amenity=water&amenity=microwave&open=1&view=map');
    expect(readFilters(new URLSearchParams(''))).toEqual({ amenities: [], openNow: false, view: 'list' });
  });
});

describe(amapMarkerUrl.name, () => {
  it('marks the station at its GCJ-02 point, named, opening the AMap app where there is one', () => {
    const url = new URL(amapMarkerUrl({ lng: 120.4926, lat: 30.0823 }, '柯桥骑手之家'));
    expect(url.origin + url.pathname).toBe('https://uri.amap.com/marker');
    expect(url.searchParams.get('position')).toBe('120.492600,30.082300');
    expect(url.searchParams.get('name')).toBe('柯桥骑手之家');
    expect(url.searchParams.get('coordinate')).toBe('gaode');
    expect(url.searchParams.get('callnative')).toBe('1');
    expect(amapMarkerUrl({ lng: 120.4926, lat: 30.0823 }, 'x')).toContain('position=120.492600,30.082300&');
  });
});
