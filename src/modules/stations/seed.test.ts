// The demo's stations carry the seed pages' numbers: 温州's 489 stations with its 骑手之家 (300 m², 12
// hours free, battery swap round the clock, services on every date ending in 7), 柯桥's 20 爱心翼站.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { systemActor } from '../../platform/audit/audit.js';
import { createOrg } from '#modules/orgs';
import { hoursPerWeek } from './rules.js';
import { KEQIAO_LOVE_WINGS, KEQIAO_STAFF_STATIONS, seedStations, WENZHOU_STATIONS } from './seed.js';
import { nearestStations } from './service/nearest.js';

describe('the demo stations', () => {
  const h = useTestApp();

  it('places 温州’s 489 stations and 柯桥’s 20 爱心翼站, and finds the 骑手之家 with its battery swap open at 3 a.m.', async () => {
    const { t } = h;
    const province = t.demo.province;
    const wenzhou = await createOrg(
      t.platform.db,
      systemActor('test'),
      { orgId: province.id, path: province.path },
      {
        parentId: province.id,
        kind: 'city',
        name: '温州市总工会',
        regionCode: '3303',
      },
    );
    const seeded = await seedStations(t.platform.db, { wenzhouId: wenzhou.id, keqiaoId: t.demo.keqiao.id });
    const cookie = await t.staffCookie('zhejiang');
    const list = async (query: string) =>
      (await t.request({ method: 'GET', url: `/api/console/stations?limit=1&${query}`, cookie })).json();
    expect((await list(`orgId=${wenzhou.id}`)).total).toBe(WENZHOU_STATIONS);
    expect((await list(`orgId=${t.demo.keqiao.id}&kind=love_wing`)).total).toBe(KEQIAO_LOVE_WINGS);
    expect((await list(`orgId=${t.demo.keqiao.id}&kind=staff_station`)).total).toBe(KEQIAO_STAFF_STATIONS);

    const home = (await t.request({ method: 'GET', url: `/api/member/stations/${seeded.riderHomeId}` })).json();
    expect(home.station).toMatchObject({
      name: '温州骑手之家（车站大道）',
      areaM2: 300,
      amenityHours: { battery_swap: { alwaysOpen: true } },
    });
    expect(hoursPerWeek(home.station.hours)).toBe(12 * 7);
    expect(home.services.map((s: { name: string }) => s.name).sort()).toEqual(
      ['就业指导', '心理咨询', '技协帮服务', '法律援助', '青年交友'].sort(),
    );
    for (const d of home.events) expect(['07', '17', '27']).toContain(d.day.slice(8));

    // 03:00 in Shanghai: the station is shut, its battery-swap cabinet is not.
    const night = new Date('2026-12-08T03:00:00+08:00');
    const swap = await nearestStations(t.platform.db, {
      at: { lng: 120.6652, lat: 28.0031 },
      datum: 'gcj02',
      amenities: ['battery_swap'],
      openNow: true,
      limit: 1,
      now: night,
    });
    expect(swap[0]).toMatchObject({ id: seeded.riderHomeId, openNow: false });
    expect(swap[0]?.distanceM).toBeLessThan(5);
    // Downtown 鹿城, most riders have a station within the five-minute riding circle (1,250 m at 15 km/h).
    const near = await nearestStations(t.platform.db, { at: { lng: 120.655, lat: 28.016 }, datum: 'gcj02', limit: 10 });
    expect(near.filter((s) => s.ridingMinutes <= 5).length).toBeGreaterThan(3);
  });
});
