// The in-memory nearest-station index against its reference, the database's KNN scan: a few thousand
// stations in a crowded city, around it and across the country (some at the very same spot), with
// every kind of opening hours — overnight, Sunday night into Monday, none at all — and amenities with
// hours of their own; many riders, every kind of filter, at instants chosen on the edges of the hours.
// Then the index kept current: a station placed, moved, closed, written while it loads, and a reset.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../../test/harness/app.js';
import { systemActor } from '../../../platform/audit/audit.js';
import { deliverChange, notifyChange } from '../../../platform/cache/changes.js';
import { inTransaction, queryRows } from '../../../platform/db/tx.js';
import { unitVector, wgs84ToGcj02, type LngLat } from '../../../platform/geo/coords.js';
import { StationResponse } from '../routes/contracts.js';
import { stationJson, stationSerialiser } from '../routes/nearest-body.js';
import { AMENITIES, everyDay, weekSpans, type Amenity, type OpeningHours } from '../rules.js';
import { riderHomeInput } from '../testing.js';
import { nearestFromIndex, nearestStations, nearestStationsBySql, type NearestQuery } from './nearest.js';
import { NearestIndex, nearestIndexFor } from './nearest-index.js';
import { createStation, updateStation } from './write.js';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const HOURS: OpeningHours[] = [
  { alwaysOpen: true },
  everyDay('08:00', '20:00'),
  everyDay('20:00', '06:00'),
  {
    alwaysOpen: false,
    days: {
      1: [{ opens: '09:00', closes: '17:00' }],
      2: [{ opens: '09:00', closes: '17:00' }],
      3: [
        { opens: '06:00', closes: '09:00' },
        { opens: '17:00', closes: '24:00' },
      ],
      6: [{ opens: '10:00', closes: '14:00' }],
      7: [{ opens: '22:00', closes: '02:00' }],
    },
  },
  { alwaysOpen: false, days: {} },
];
const AMENITY_HOURS: Partial<Record<Amenity, OpeningHours>>[] = [
  {},
  {},
  { battery_swap: { alwaysOpen: true } },
  { microwave: everyDay('11:00', '14:00') },
  { charging: everyDay('20:00', '06:00') },
  // Hours of its own with no opening in them: none in the openings, so the station's hours hold.
  { water: { alwaysOpen: false, days: {} } },
];

interface Placed {
  id: string;
  lng: number;
  lat: number;
  amenities: Amenity[];
  hours: OpeningHours;
  amenityHours: Partial<Record<Amenity, OpeningHours>>;
  status: 'open' | 'suspended' | 'closed';
}

function uuidOf(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Where riders and stations are: downtown 柯桥 (crowded), 浙江 around it, and the rest of the country. */
function somewhere(next: () => number): LngLat {
  const r = next();
  if (r < 0.5) return { lng: 120.45 + next() * 0.1, lat: 30.05 + next() * 0.08 };
  if (r < 0.8) return { lng: 118.5 + next() * 4, lat: 27.5 + next() * 3.5 };
  return { lng: 80 + next() * 50, lat: 20 + next() * 30 };
}

function stationsOf(next: () => number, n: number): Placed[] {
  const placed: Placed[] = [];
  for (let i = 0; i < n; i++) {
    // Now and then a second station at the very same spot: as near as the first, ordered by id.
    const twin = i > 0 && next() < 0.04 ? placed[Math.floor(next() * placed.length)] : undefined;
    const at = twin ? { lng: twin.lng, lat: twin.lat } : somewhere(next);
    const amenityHours = AMENITY_HOURS[Math.floor(next() * AMENITY_HOURS.length)] as Placed['amenityHours'];
    const amenities = AMENITIES.filter((a) => next() < (a === 'cooking' ? 0.01 : 0.35));
    for (const a of Object.keys(amenityHours) as Amenity[]) if (!amenities.includes(a) && next() < 0.8) amenities.push(a);
    placed.push({
      id: uuidOf(next),
      ...at,
      amenities,
      hours: HOURS[Math.floor(next() * HOURS.length)] as OpeningHours,
      amenityHours,
      status: next() < 0.9 ? 'open' : next() < 0.5 ? 'suspended' : 'closed',
    });
  }
  return placed;
}

/** Written by SQL in batches, with their openings as the service writes them (the week's spans). */
async function place(t: TestApp, placed: readonly Placed[]): Promise<void> {
  const orgId = t.demo.keqiao.id;
  for (let from = 0; from < placed.length; from += 500) {
    const batch = placed.slice(from, from + 500);
    await t.platform.db.execute(
      sql`insert into station (id, org_id, name, kind, host, address, region_code, lng, lat, hours, amenity_hours, amenities, area_m2, phone, status)
          select (s->>'id')::uuid, ${orgId}::uuid, '柯桥驿站 ' || (s->>'n'), 'staff_station', case when (s->>'n')::int % 2 = 0 then '中国银行' end,
                 '柯桥街道 ' || (s->>'n') || ' 号', '330603', (s->>'lng')::float8, (s->>'lat')::float8, s->'hours', s->'amenityHours',
                 array(select jsonb_array_elements_text(s->'amenities')), nullif((s->>'n')::int % 300, 0), null, s->>'status'
            from jsonb_array_elements(${JSON.stringify(batch.map((p, i) => ({ ...p, n: from + i })))}::jsonb) s`,
    );
    const openings = batch.flatMap((p) => [
      ...weekSpans(p.hours).map(([start, end]) => [p.id, '', start, end]),
      ...Object.entries(p.amenityHours).flatMap(([amenity, hours]) => weekSpans(hours).map(([start, end]) => [p.id, amenity, start, end])),
    ]);
    await t.platform.db.execute(
      sql`insert into station_opening (station_id, amenity, start_minute, end_minute)
          select (o->>0)::uuid, o->>1, (o->>2)::int, (o->>3)::int from jsonb_array_elements(${JSON.stringify(openings)}::jsonb) o`,
    );
  }
}

// Instants on the edges of the hours above (Asia/Shanghai; 2026-12-07 is a Monday).
const INSTANTS = [
  '2026-12-07T12:00:00+08:00',
  '2026-12-07T01:30:00+08:00', // Monday morning: Sunday night's opening, run past midnight
  '2026-12-13T23:30:00+08:00', // Sunday night
  '2026-12-09T21:00:00+08:00', // Wednesday evening, till midnight
  '2026-12-12T08:00:00+08:00', // an opening's first minute
  '2026-12-12T07:59:00+08:00',
  '2026-12-08T20:00:00+08:00', // a closing minute: closed
  '2026-12-07T17:00:00+08:00',
  '2026-12-10T13:59:00+08:00',
].map((s) => new Date(s));
const FILTERS: Amenity[][] = [
  [],
  ['microwave'],
  ['battery_swap'],
  ['charging'],
  ['water'],
  ['microwave', 'battery_swap'],
  ['cooking'],
  ['water', 'rest', 'charging'],
];

const STATIONS = 3_000;

describe('the nearest-station index', () => {
  const placed = stationsOf(random(11), STATIONS);
  const h = useTestApp({}, { setup: (t) => place(t, placed) });

  it('answers as the database does: the same stations in the same order (ties by id), distances and "open now", for every kind of query', async () => {
    const { t } = h;
    const db = t.platform.db;
    const index = nearestIndexFor(db) as NearestIndex;
    await index.ready();
    expect(index.size).toBe(placed.filter((p) => p.status === 'open').length);
    const next = random(23);
    let compared = 0;
    let tied = 0;
    for (let i = 0; i < 320; i++) {
      // A rider somewhere, or standing at a station (and its twins).
      const station = i % 8 === 0 ? placed[Math.floor(next() * placed.length)] : undefined;
      const wgs84 = station ? { lng: station.lng, lat: station.lat } : somewhere(next);
      const query: NearestQuery = {
        ...(i % 5 === 0 ? { at: wgs84ToGcj02(wgs84), datum: 'gcj02' } : { at: wgs84, datum: 'wgs84' }),
        amenities: FILTERS[i % FILTERS.length],
        openNow: i % 3 !== 0,
        now: INSTANTS[i % INSTANTS.length],
        limit: i % 4 === 0 ? 50 : 1 + Math.floor(next() * 20),
      };
      const expected = await nearestStationsBySql(db, query);
      expect(nearestFromIndex(db, query), 'the index answers').not.toBeNull();
      const found = await nearestStations(db, query);
      expect(found.map((s) => s.id)).toEqual(expected.map((s) => s.id));
      expect(found).toEqual(expected);
      compared++;
      if (expected.some((s, j) => j > 0 && s.distanceM === expected[j - 1]?.distanceM)) tied++;
    }
    expect(compared).toBe(320);
    // The comparison met stations as near as each other.
    expect(tied).toBeGreaterThan(10);
  });

  it('keeps each station’s JSON as the response schema writes it', async () => {
    const { t } = h;
    const query: NearestQuery = { at: { lng: 120.5, lat: 30.09 }, datum: 'wgs84', limit: 50, now: INSTANTS[0] };
    for (const s of await nearestStationsBySql(t.platform.db, query)) {
      const { distanceM: _d, ridingMinutes: _r, openNow: _o, ...station } = s;
      const { head, shared, tail } = stationJson(station);
      expect(`${head}${shared}${tail}}`).toBe(JSON.stringify(StationResponse.parse(station)));
      expect(shared.startsWith(',"hours":')).toBe(true);
    }
  });

  it('loads in pages, and applies what was written while it loaded', async () => {
    const { t } = h;
    const db = t.platform.db;
    const index = new NearestIndex(db, stationSerialiser, { pageSize: 97, stepMs: 60_000 });
    try {
      const first = [...placed].filter((p) => p.status === 'open').sort((a, b) => (a.id < b.id ? -1 : 1))[0] as Placed;
      const loading = index.load();
      // The first page is being read: the station of its first row moves to the other end of the country and closes.
      await inTransaction(db, async (tx) => {
        await tx.execute(sql`update station set lng = 87.6, lat = 43.8 where id = ${first.id}`);
        await notifyChange(tx, 'stations', first.id);
      });
      await loading;
      await index.ready();
      expect(index.lastLoad).toMatchObject({ stations: index.size, pages: Math.ceil((index.size + 1) / 97) });
      const query: NearestQuery = { at: { lng: 87.6, lat: 43.8 }, datum: 'wgs84', limit: 1 };
      const tree = index.current();
      if (!tree) throw new Error('the index does not answer');
      expect((await nearestStationsBySql(db, query))[0]?.id).toBe(first.id);
      expect(index.nearest(tree, unitVector(query.at), { amenities: [], openAt: null, limit: 1 }).entries[0]?.id).toBe(first.id);
    } finally {
      index.dispose();
    }
  });

  it('follows a station placed, moved and closed on this instance at once, and loads again after a reset', async () => {
    const { t } = h;
    const db = t.platform.db;
    const index = nearestIndexFor(db) as NearestIndex;
    await index.ready();
    const scope = { orgId: t.demo.keqiao.id, path: t.demo.keqiao.path };
    // Far from every other station: in 拉萨.
    const lhasa: LngLat = { lng: 91.11, lat: 29.65 };
    const input = { ...riderHomeInput(t.demo.keqiao.id, '拉萨骑手之家'), regionCode: '330603', gcj02: wgs84ToGcj02(lhasa) };
    const created = await createStation(db, systemActor(), scope, input);
    const nearestTo = async (at: LngLat) => {
      await index.ready();
      return (await nearestStations(db, { at, datum: 'wgs84', limit: 1 }))[0]?.id;
    };
    // Asked before the reload is done, the database answers.
    expect((await nearestStations(db, { at: lhasa, datum: 'wgs84', limit: 1 }))[0]?.id).toBe(created.id);
    expect(await nearestTo(lhasa)).toBe(created.id);
    const urumqi: LngLat = { lng: 87.62, lat: 43.83 };
    await updateStation(db, systemActor(), scope, created.id, { ...input, gcj02: wgs84ToGcj02(urumqi) });
    expect(await nearestTo(urumqi)).toBe(created.id);
    expect(await nearestTo(lhasa)).not.toBe(created.id);
    await inTransaction(db, async (tx) => {
      await tx.execute(sql`update station set status = 'closed' where id = ${created.id}`);
      await notifyChange(tx, 'stations', created.id);
    });
    expect(await nearestTo(urumqi)).not.toBe(created.id);
    const size = index.size;
    deliverChange('reset');
    expect(index.current()).toBeNull();
    expect(nearestFromIndex(db, { at: urumqi, datum: 'wgs84' })).toBeNull();
    await index.ready();
    expect(index.size).toBe(size);
    const [{ n }] = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from station where status = 'open'`)) as [
      { n: number },
    ];
    expect(index.size).toBe(n);
  });
});
