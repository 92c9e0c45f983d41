// The stations over HTTP: a rider's search (public), and a union office placing a station.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { riderHomeInput } from './testing.js';

describe('station routes', () => {
  const h = useTestApp();

  it('places a station from AMap’s coordinates and finds it for a rider nearby, with a microwave', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const created = await t.request({ method: 'POST', url: '/api/console/stations', cookie, body: riderHomeInput(t.demo.keqiao.id) });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      name: '柯桥骑手之家',
      kind: 'rider_home',
      gcj02: { lng: 120.4926, lat: 30.0823 },
      status: 'open',
    });
    const near = await t.request({
      method: 'GET',
      url: '/api/member/stations/nearest?lng=120.493&lat=30.083&datum=gcj02&amenity=microwave&amenity=water',
    });
    expect(near.statusCode, near.body).toBe(200);
    expect(near.json().items).toMatchObject([{ name: '柯桥骑手之家', ridingMinutes: 1, amenities: expect.arrayContaining(['microwave']) }]);
    expect(near.json().items[0].distanceM).toBeLessThan(150);
    const none = await t.request({ method: 'GET', url: '/api/member/stations/nearest?lng=120.493&lat=30.083&datum=gcj02&amenity=toilet' });
    expect(none.json().items).toEqual([]);
  });

  it('answers bad coordinates and a station abroad with a Chinese error and a stable code, writing nothing', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const out = await t.request({ method: 'GET', url: '/api/member/stations/nearest?lng=120.49&lat=95' });
    expect(out.statusCode).toBe(400);
    const tokyo = await t.request({
      method: 'POST',
      url: '/api/console/stations',
      cookie,
      body: { ...riderHomeInput(t.demo.keqiao.id), gcj02: { lng: 139.6917, lat: 35.6895 } },
    });
    expect(tokyo.statusCode).toBe(400);
    expect(tokyo.json()).toMatchObject({
      code: 'stations.invalid',
      errors: [{ field: 'gcj02', code: 'stations.coordinates_outside_china' }],
    });
    expect(tokyo.json().errors[0].message).toContain('不在中国境内');
    const listed = await t.request({ method: 'GET', url: '/api/member/stations/nearest?lng=120.493&lat=30.083&datum=gcj02' });
    expect(listed.json().items).toEqual([]);
  });

  it('lists the stations of the subtree, filtered, and refuses a sibling district’s union', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    for (const [orgId, name] of [
      [t.demo.keqiao.id, '柯桥骑手之家'],
      [t.demo.keqiaoStreet.id, '柯桥街道爱心驿站'],
    ] as const) {
      const made = await t.request({ method: 'POST', url: '/api/console/stations', cookie, body: riderHomeInput(orgId, name) });
      expect(made.statusCode, made.body).toBe(201);
    }
    const all = await t.request({ method: 'GET', url: '/api/console/stations?limit=1', cookie });
    expect(all.json()).toMatchObject({ total: 2, items: [{ name: '柯桥街道爱心驿站' }] });
    const next = await t.request({ method: 'GET', url: `/api/console/stations?limit=1&cursor=${all.json().nextCursor as string}`, cookie });
    expect(next.json()).toMatchObject({ items: [{ name: '柯桥骑手之家' }], nextCursor: null });
    const street = await t.request({
      method: 'GET',
      url: `/api/console/stations?orgId=${t.demo.keqiaoStreet.id}&q=${encodeURIComponent('爱心')}`,
      cookie,
    });
    expect(street.json()).toMatchObject({ total: 1, items: [{ name: '柯桥街道爱心驿站' }] });
    const yuecheng = await t.staffCookie('yuecheng');
    expect((await t.request({ method: 'GET', url: '/api/console/stations', cookie: yuecheng })).json()).toMatchObject({ total: 0 });
    const sibling = await t.request({ method: 'GET', url: `/api/console/stations?orgId=${t.demo.keqiao.id}`, cookie: yuecheng });
    expect(sibling.statusCode).toBe(404);
  });
});
