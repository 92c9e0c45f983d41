// Stations placed as a union office would (from AMap's GCJ-02) and found as a rider would: the nearest
// first, with an amenity, open now, in either datum; and a sibling district kept out.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { systemActor } from '../../platform/audit/audit.js';
import { isAppError } from '../../platform/errors/app-error.js';
import { distanceMeters, gcj02ToWgs84, wgs84ToGcj02, type LngLat } from '../../platform/geo/coords.js';
import { queryRows } from '../../platform/db/tx.js';
import { NearestResponse } from './routes/nearest-body.js';
import { everyDay } from './rules.js';
import { riderHomeInput } from './testing.js';
import { nearestStations, nearestStationsBySql } from './service/nearest.js';
import { nearestIndexFor, type NearestIndex } from './service/nearest-index.js';
import { getStation } from './service/read.js';
import { createStation, updateStation } from './service/write.js';

const actor = systemActor();
// A Monday in Shanghai.
const at = (time: string) => new Date(`2026-12-07T${time}:00+08:00`);
const rider: LngLat = { lng: 120.493, lat: 30.083 };

async function place(t: TestApp) {
  const scope = { orgId: t.demo.keqiao.id, path: t.demo.keqiao.path };
  const home = await createStation(t.platform.db, actor, scope, riderHomeInput(t.demo.keqiao.id));
  const wing = await createStation(t.platform.db, actor, scope, {
    orgId: t.demo.keqiaoStreet.id,
    name: '柯桥电信爱心翼站',
    kind: 'love_wing',
    host: '中国电信柯桥营业厅',
    address: '柯桥街道金柯桥大道 8 号',
    regionCode: '330603001',
    gcj02: { lng: 120.498, lat: 30.085 },
    hours: everyDay('09:00', '17:00'),
    amenities: ['water', 'charging', 'toilet'],
  });
  const huashe = await createStation(t.platform.db, actor, scope, {
    orgId: t.demo.huasheStreet.id,
    name: '华舍职工驿站',
    kind: 'staff_station',
    address: '华舍街道蜀山路 2 号',
    regionCode: '330603003',
    gcj02: { lng: 120.44, lat: 30.1 },
    hours: { alwaysOpen: true },
    amenities: ['water', 'microwave'],
  });
  return { scope, home, wing, huashe };
}

const names = (found: { name: string }[]) => found.map((s) => s.name);
const stationCount = async (t: TestApp) =>
  (await queryRows<{ n: number }>(t.platform.db, sql`select count(*)::int as n from station`))[0]?.n ?? 0;

describe('the nearest stations', () => {
  const h = useTestApp();

  it('come nearest first, with distance and riding time, stored in WGS-84 and given back in both datums', async () => {
    const { t } = h;
    const { home } = await place(t);
    expect(home.gcj02.lng).toBeCloseTo(120.4926, 9);
    expect(distanceMeters(home.gcj02, home.wgs84)).toBeGreaterThan(100);
    const found = await nearestStations(t.platform.db, { at: rider, datum: 'gcj02', now: at('12:00') });
    expect(names(found)).toEqual(['柯桥骑手之家', '柯桥电信爱心翼站', '华舍职工驿站']);
    const [first, second, third] = found;
    expect(Math.abs((first?.distanceM ?? 0) - distanceMeters(gcj02ToWgs84(rider), home.wgs84))).toBeLessThanOrEqual(1);
    expect(first).toMatchObject({ ridingMinutes: 1, openNow: true, areaM2: 300 });
    // Within the five-minute riding circle (1,250 m at 15 km/h), and beyond it.
    expect(second?.distanceM).toBeLessThan(1250);
    expect(third?.distanceM).toBeGreaterThan(1250);
    expect(third?.ridingMinutes).toBe(Math.ceil((third?.distanceM ?? 0) / 250));
    // The same rider by a browser's WGS-84 fix: the same stations, the same metres.
    const byGps = await nearestStations(t.platform.db, { at: gcj02ToWgs84(rider), datum: 'wgs84', now: at('12:00') });
    expect(byGps.map((s) => s.distanceM)).toEqual(found.map((s) => s.distanceM));
  });

  it('keep to the amenities asked for, and at 22:00 to the ones open then — a 24-hour cabinet at a 12-hour station included', async () => {
    const { t } = h;
    await place(t);
    const db = t.platform.db;
    expect(names(await nearestStations(db, { at: rider, datum: 'gcj02', amenities: ['microwave'] }))).toEqual([
      '柯桥骑手之家',
      '华舍职工驿站',
    ]);
    expect(names(await nearestStations(db, { at: rider, datum: 'gcj02', openNow: true, now: at('22:00') }))).toEqual(['华舍职工驿站']);
    const swap = await nearestStations(db, { at: rider, datum: 'gcj02', amenities: ['battery_swap'], openNow: true, now: at('22:00') });
    expect(names(swap)).toEqual(['柯桥骑手之家']);
    expect(swap[0]?.openNow).toBe(false);
    expect(names(await nearestStations(db, { at: rider, datum: 'gcj02', openNow: true, now: at('16:59'), limit: 2 }))).toEqual([
      '柯桥骑手之家',
      '柯桥电信爱心翼站',
    ]);
  });
});

describe('the nearest stations over HTTP', () => {
  const h = useTestApp();

  it('answer the bytes zod’s serializer would write, from the database while the index loads and from the index after', async () => {
    const { t } = h;
    await place(t);
    const index = nearestIndexFor(t.platform.db) as NearestIndex;
    const url = '/api/member/stations/nearest?lng=120.493&lat=30.083&datum=gcj02&limit=3';
    const first = await t.request({ method: 'GET', url });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['x-stations-source']).toBe('database');
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    await index.ready();
    const second = await t.request({ method: 'GET', url });
    expect(second.headers['x-stations-source']).toBe('memory');
    const wgs84 = gcj02ToWgs84(rider);
    const expected = JSON.stringify(
      NearestResponse.parse({
        origin: { wgs84, gcj02: rider },
        ridingSpeedKmh: t.config.ridingSpeedKmh,
        items: await nearestStationsBySql(t.platform.db, { at: wgs84, datum: 'wgs84', limit: 3 }),
      }),
    );
    expect(first.body).toBe(expected);
    expect(second.body).toBe(expected);
    // Every filter, in WGS-84, answered from the index as the database answers it.
    const here = { lng: 120.49, lat: 30.09 };
    for (const query of [
      'amenity=microwave',
      'openNow=true',
      'amenity=battery_swap&openNow=true',
      'amenity=toilet&amenity=water&limit=1',
    ]) {
      const answer = await t.request({ method: 'GET', url: `/api/member/stations/nearest?lng=${here.lng}&lat=${here.lat}&${query}` });
      expect(answer.headers['x-stations-source']).toBe('memory');
      const params = new URLSearchParams(query);
      const items = await nearestStationsBySql(t.platform.db, {
        at: here,
        datum: 'wgs84',
        amenities: params.getAll('amenity') as never[],
        openNow: params.get('openNow') === 'true',
        limit: Number(params.get('limit') ?? 10),
      });
      expect(answer.body).toBe(
        JSON.stringify(
          NearestResponse.parse({ origin: { wgs84: here, gcj02: wgs84ToGcj02(here) }, ridingSpeedKmh: t.config.ridingSpeedKmh, items }),
        ),
      );
    }
  });
});

describe('placing a station', () => {
  const h = useTestApp();

  async function refusal(work: Promise<unknown>) {
    try {
      await work;
    } catch (error) {
      if (isAppError(error)) return { code: error.code, status: error.status, errors: error.errors.map((e) => e.code) };
      throw error;
    }
    throw new Error('accepted');
  }

  it('refuses coordinates outside China or out of range, bad hours and a place outside the union’s area, writing nothing', async () => {
    const { t } = h;
    const scope = { orgId: t.demo.keqiao.id, path: t.demo.keqiao.path };
    const base = riderHomeInput(t.demo.keqiao.id);
    const db = t.platform.db;
    expect(await refusal(createStation(db, actor, scope, { ...base, gcj02: { lng: 139.6917, lat: 35.6895 } }))).toEqual({
      code: 'stations.invalid',
      status: 400,
      errors: ['stations.coordinates_outside_china'],
    });
    // Latitude and longitude swapped, as a spreadsheet column pair often is.
    expect((await refusal(createStation(db, actor, scope, { ...base, gcj02: { lng: 30.0823, lat: 120.4926 } }))).errors).toEqual([
      'stations.coordinates_invalid',
    ]);
    const overlapping = {
      alwaysOpen: false as const,
      days: {
        1: [
          { opens: '08:00', closes: '12:00' },
          { opens: '11:00', closes: '14:00' },
        ],
      },
    };
    expect((await refusal(createStation(db, actor, scope, { ...base, hours: overlapping }))).errors).toEqual(['stations.hours_overlap']);
    expect((await refusal(createStation(db, actor, scope, { ...base, regionCode: '330602002' }))).errors).toEqual([
      'stations.region_outside_org',
    ]);
    expect(await stationCount(t)).toBe(0);
  });

  it('keeps a sibling district out: it neither sees, changes nor places a station of 柯桥', async () => {
    const { t } = h;
    const keqiao = { orgId: t.demo.keqiao.id, path: t.demo.keqiao.path };
    const yuecheng = { orgId: t.demo.yuecheng.id, path: t.demo.yuecheng.path };
    const home = await createStation(t.platform.db, actor, keqiao, riderHomeInput(t.demo.keqiao.id));
    expect(await refusal(getStation(t.platform.db, yuecheng, home.id))).toMatchObject({ code: 'stations.not_found', status: 404 });
    expect(
      await refusal(updateStation(t.platform.db, actor, yuecheng, home.id, { ...riderHomeInput(t.demo.keqiao.id), name: '改名' })),
    ).toMatchObject({
      status: 404,
    });
    expect(await refusal(createStation(t.platform.db, actor, yuecheng, riderHomeInput(t.demo.keqiao.id)))).toMatchObject({ status: 404 });
    expect((await getStation(t.platform.db, keqiao, home.id)).name).toBe('柯桥骑手之家');
    expect(await stationCount(t)).toBe(1);
  });

  it('moves a station and its hours together: the search follows at once', async () => {
    const { t } = h;
    const scope = { orgId: t.demo.keqiao.id, path: t.demo.keqiao.path };
    const home = await createStation(t.platform.db, actor, scope, riderHomeInput(t.demo.keqiao.id));
    await updateStation(t.platform.db, actor, scope, home.id, {
      ...riderHomeInput(t.demo.keqiao.id),
      hours: { alwaysOpen: true },
      amenityHours: {},
    });
    const open = await nearestStations(t.platform.db, { at: rider, datum: 'gcj02', openNow: true, now: at('23:00') });
    expect(names(open)).toEqual(['柯桥骑手之家']);
  });
});
