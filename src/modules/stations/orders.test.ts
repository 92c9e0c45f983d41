// Ordering a union service at a station, service days with sign-up, check-in by the printed QR, and the
// dashboard they feed: over HTTP, as the H5 and the console call them.
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { memberCookie, nextPhone } from '../../../test/harness/members.js';
import { shanghaiDay } from '../../platform/db/columns.js';
import { upcomingNear } from './service/events.js';
import { riderHomeInput } from './testing.js';

const DAY = 86_400_000;
const dayAfter = (days: number) => shanghaiDay(new Date(Date.now() + days * DAY));
/** A time on a Shanghai day, as the H5 sends it. */
const at = (day: string, time: string) => `${day}T${time}:00+08:00`;

async function station(t: TestApp, orgId = t.demo.keqiao.id, name?: string): Promise<string> {
  const cookie = await t.staffCookie('keqiao');
  const made = await t.request({ method: 'POST', url: '/api/console/stations', cookie, body: riderHomeInput(orgId, name) });
  expect(made.statusCode, made.body).toBe(201);
  return made.json().id as string;
}

async function legalAid(t: TestApp, orgId = t.demo.city.id): Promise<string> {
  const cookie = await t.staffCookie('zhejiang');
  const made = await t.request({
    method: 'POST',
    url: '/api/console/station-services',
    cookie,
    body: { orgId, name: '法律援助', category: 'legal_aid', durationMinutes: 60, description: '工会公益律师面对面咨询' },
  });
  expect(made.statusCode, made.body).toBe(201);
  return made.json().id as string;
}

describe('station orders', () => {
  const h = useTestApp();

  it('a rider orders legal aid of the city at a county station; staff accept, complete; the rider rates it, with an SMS at each step', async () => {
    const { t } = h;
    const stationId = await station(t);
    const serviceId = await legalAid(t);
    const page = await t.request({ method: 'GET', url: `/api/member/stations/${stationId}` });
    expect(page.json().services).toMatchObject([{ id: serviceId, name: '法律援助' }]);

    const phone = nextPhone();
    const rider = await memberCookie(t, phone);
    const slotAt = at(dayAfter(1), '10:00');
    const placed = await t.request({
      method: 'POST',
      url: `/api/member/stations/${stationId}/orders`,
      cookie: rider,
      body: { serviceId, slotAt },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({ status: 'ordered', service: { name: '法律援助' }, station: { name: '柯桥骑手之家' } });
    const orderId = placed.json().id as string;
    expect(t.sms.sent.at(-1)).toMatchObject({ phone, template: 'station_order_placed' });

    const twice = await t.request({
      method: 'POST',
      url: `/api/member/stations/${stationId}/orders`,
      cookie: rider,
      body: { serviceId, slotAt },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'stations.order_duplicate' });

    const keqiao = await t.staffCookie('keqiao');
    const listed = await t.request({ method: 'GET', url: '/api/console/station-orders?status=ordered', cookie: keqiao });
    expect(listed.json().items).toMatchObject([{ id: orderId, memberPhone: expect.stringMatching(/^139\*{4}\d{4}$/) }]);
    const early = await t.request({
      method: 'POST',
      url: `/api/console/station-orders/${orderId}/steps`,
      cookie: keqiao,
      body: { action: 'complete' },
    });
    expect(early.json()).toMatchObject({ code: 'stations.order_transition_refused' });
    const nobody = await t.request({
      method: 'POST',
      url: `/api/console/station-orders/${orderId}/steps`,
      cookie: keqiao,
      body: { action: 'accept' },
    });
    expect(nobody.json()).toMatchObject({ code: 'stations.assignee_required' });
    const accepted = await t.request({
      method: 'POST',
      url: `/api/console/station-orders/${orderId}/steps`,
      cookie: keqiao,
      body: { action: 'accept', assigneeName: '王律师（志愿者）' },
    });
    expect(accepted.json()).toMatchObject({ status: 'accepted', assigneeName: '王律师（志愿者）' });
    expect(t.sms.sent.at(-1)).toMatchObject({ phone, template: 'station_order_accepted', params: { assignee: '王律师（志愿者）' } });

    const tooSoon = await t.request({
      method: 'POST',
      url: `/api/member/station-orders/${orderId}/rating`,
      cookie: rider,
      body: { stars: 5 },
    });
    expect(tooSoon.json()).toMatchObject({ code: 'stations.order_not_ratable' });
    const done = await t.request({
      method: 'POST',
      url: `/api/console/station-orders/${orderId}/steps`,
      cookie: keqiao,
      body: { action: 'complete' },
    });
    expect(done.json()).toMatchObject({ status: 'done' });
    expect(t.sms.sent.at(-1)).toMatchObject({ phone, template: 'station_order_done' });
    const rated = await t.request({
      method: 'POST',
      url: `/api/member/station-orders/${orderId}/rating`,
      cookie: rider,
      body: { stars: 5, comment: '律师很耐心' },
    });
    expect(rated.json()).toMatchObject({ rating: 5, ratingComment: '律师很耐心' });
    const again = await t.request({
      method: 'POST',
      url: `/api/member/station-orders/${orderId}/rating`,
      cookie: rider,
      body: { stars: 1 },
    });
    expect(again.statusCode).toBe(409);
    const mine = await t.request({ method: 'GET', url: '/api/member/station-orders', cookie: rider });
    expect(mine.json().items).toMatchObject([{ id: orderId, status: 'done', rating: 5 }]);

    const board = await t.request({ method: 'GET', url: '/api/console/station-dashboard', cookie: keqiao });
    expect(board.json()).toMatchObject({
      stations: { open: 1, total: 1 },
      orders: { total: 1, byStatus: { done: 1 }, ratedCount: 1, averageRating: 5 },
      byCategory: [{ category: 'legal_aid', orders: 1, done: 1 }],
      byArea: [{ regionCode: '330603001', name: '柯桥街道', orders: 1 }],
    });
  });

  it('refuses a closed time, a past or far slot, a service not offered there, a suspended station; writes nothing', async () => {
    const { t } = h;
    const stationId = await station(t);
    const serviceId = await legalAid(t);
    // 越城's own service does not reach 柯桥's station.
    const elsewhere = await legalAid(t, t.demo.yuecheng.id);
    const rider = await memberCookie(t, nextPhone());
    const order = (body: Record<string, unknown>) =>
      t.request({ method: 'POST', url: `/api/member/stations/${stationId}/orders`, cookie: rider, body });
    const night = await order({ serviceId, slotAt: at(dayAfter(1), '21:00') });
    expect(night.statusCode).toBe(422);
    expect(night.json()).toMatchObject({
      code: 'stations.order_slot_refused',
      errors: [{ field: 'slotAt', code: 'stations.order_station_closed' }],
    });
    expect(night.json().title).toContain('不开放');
    // 19:30 for an hour runs past the 20:00 closing.
    expect((await order({ serviceId, slotAt: at(dayAfter(1), '19:30') })).json().errors[0].code).toBe('stations.order_station_closed');
    expect((await order({ serviceId, slotAt: at(dayAfter(-1), '10:00') })).json().errors[0].code).toBe('stations.order_in_past');
    expect((await order({ serviceId, slotAt: at(dayAfter(40), '10:00') })).json().errors[0].code).toBe('stations.order_too_far');
    // Twenty minutes from now leaves the union no time to send anyone.
    const soon = new Date(Date.now() + 20 * 60_000).toISOString();
    expect((await order({ serviceId, slotAt: soon })).json().errors[0].code).toBe('stations.order_too_soon');
    expect((await order({ serviceId: elsewhere, slotAt: at(dayAfter(1), '10:00') })).json().code).toBe('stations.service_not_offered');
    const keqiao = await t.staffCookie('keqiao');
    const suspended = await t.request({
      method: 'POST',
      url: `/api/console/stations/${stationId}/status`,
      cookie: keqiao,
      body: { status: 'suspended', reason: '装修，暂停开放两周' },
    });
    if (suspended.statusCode === 200) {
      expect((await order({ serviceId, slotAt: at(dayAfter(1), '10:00') })).json().code).toBe('stations.station_not_open');
    }
    expect((await t.request({ method: 'GET', url: '/api/member/station-orders', cookie: rider })).json().items).toEqual([]);
  });

  it('a sibling district’s staff cannot see or move 柯桥’s orders', async () => {
    const { t } = h;
    const stationId = await station(t);
    const serviceId = await legalAid(t);
    const rider = await memberCookie(t, nextPhone());
    const placed = await t.request({
      method: 'POST',
      url: `/api/member/stations/${stationId}/orders`,
      cookie: rider,
      body: { serviceId, slotAt: at(dayAfter(2), '09:00') },
    });
    const orderId = placed.json().id as string;
    const yuecheng = await t.staffCookie('yuecheng');
    expect((await t.request({ method: 'GET', url: '/api/console/station-orders', cookie: yuecheng })).json().items).toEqual([]);
    expect((await t.request({ method: 'GET', url: `/api/console/station-orders/${orderId}`, cookie: yuecheng })).statusCode).toBe(404);
    const moved = await t.request({
      method: 'POST',
      url: `/api/console/station-orders/${orderId}/steps`,
      cookie: yuecheng,
      body: { action: 'cancel', reason: '越权取消' },
    });
    expect(moved.statusCode).toBe(404);
    const other = await memberCookie(t, nextPhone());
    expect((await t.request({ method: 'POST', url: `/api/member/station-orders/${orderId}/cancel`, cookie: other })).statusCode).toBe(404);
    const cancelled = await t.request({ method: 'POST', url: `/api/member/station-orders/${orderId}/cancel`, cookie: rider });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'member' });
  });
});

describe('service days and check-in', () => {
  const h = useTestApp();

  it('温州’s 逢"7" service day: riders nearby see its days, take the places, and the last one finds it full', async () => {
    const { t } = h;
    const stationId = await station(t);
    const keqiao = await t.staffCookie('keqiao');
    const made = await t.request({
      method: 'POST',
      url: `/api/console/stations/${stationId}/events`,
      cookie: keqiao,
      body: {
        kind: 'service_day',
        title: '逢“7”定项服务日',
        topics: ['就业指导', '法律援助', '心理咨询', '青年交友', '技协帮服务'],
        recurrence: { kind: 'month_days', days: [7, 17, 27] },
        fromDay: dayAfter(0),
        untilDay: null,
        starts: '09:00',
        ends: '11:30',
        capacity: 2,
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const eventId = made.json().id as string;
    const days = (await t.request({ method: 'GET', url: `/api/console/stations/${stationId}/events`, cookie: keqiao })).json().items;
    expect(days.length).toBeGreaterThanOrEqual(2);
    for (const d of days) expect(['07', '17', '27']).toContain(d.day.slice(8));

    const near = await t.request({ method: 'GET', url: '/api/member/station-events/nearby?lng=120.493&lat=30.083&datum=gcj02' });
    const first = near.json().items[0];
    expect(first).toMatchObject({ event: { id: eventId, title: '逢“7”定项服务日' }, station: { id: stationId }, taken: 0 });
    const day = first.day as string;

    const riders = await Promise.all([1, 2, 3].map(() => memberCookie(t, nextPhone())));
    const signUp = (cookie: string) =>
      t.request({ method: 'PUT', url: `/api/member/station-events/${eventId}/days/${day}/signup`, cookie });
    const results = await Promise.all(riders.map(signUp));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 409]);
    expect(results.find((r) => r.statusCode === 409)?.json()).toMatchObject({ code: 'stations.event_full' });
    const holder = riders[results.findIndex((r) => r.statusCode === 200)] as string;
    expect((await signUp(holder)).json()).toMatchObject({ taken: 2 });
    const notADay = await t.request({
      method: 'PUT',
      url: `/api/member/station-events/${eventId}/days/${dayAfter(-30)}/signup`,
      cookie: holder,
    });
    expect(notADay.json()).toMatchObject({ code: 'stations.event_not_on_day' });
    expect((await t.request({ method: 'GET', url: '/api/member/station-signups', cookie: holder })).json().items).toEqual([
      { eventId, day },
    ]);

    const bad = await t.request({
      method: 'POST',
      url: `/api/console/stations/${stationId}/events`,
      cookie: keqiao,
      body: { kind: 'event', title: '露天电影', topics: [], recurrence: null, fromDay: dayAfter(3), starts: '20:00', ends: '19:00' },
    });
    expect(bad.json()).toMatchObject({ code: 'stations.event_invalid', errors: [{ code: 'stations.event_times_invalid' }] });
  });

  it('does not offer today’s service day once it has ended: at noon on the 7th the next is the 17th', async () => {
    const { t } = h;
    const stationId = await station(t);
    const made = await t.request({
      method: 'POST',
      url: `/api/console/stations/${stationId}/events`,
      cookie: await t.staffCookie('keqiao'),
      body: {
        kind: 'service_day',
        title: '逢“7”定项服务日',
        topics: ['法律援助'],
        recurrence: { kind: 'month_days', days: [7, 17, 27] },
        fromDay: '2026-01-01',
        starts: '09:00',
        ends: '11:30',
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const at = { lng: 120.493, lat: 30.083 };
    const days = async (now: string) =>
      (await upcomingNear(t.platform.db, { at, datum: 'gcj02', now: new Date(now) })).map((d) => d.day).slice(0, 2);
    expect(await days('2027-01-07T10:00:00+08:00')).toEqual(['2027-01-07', '2027-01-17']);
    // The next fortnight holds one more day: the 17th.
    expect(await days('2027-01-07T12:00:00+08:00')).toEqual(['2027-01-17']);
  });

  it('checks a rider in by the printed QR, once a day, and counts the visit for the station', async () => {
    const { t } = h;
    const stationId = await station(t);
    const keqiao = await t.staffCookie('keqiao');
    const code = await t.request({ method: 'GET', url: `/api/console/stations/${stationId}/check-in-code`, cookie: keqiao });
    expect(code.json().url).toContain('/stations/check-in?c=GHS1.');
    const yuecheng = await t.staffCookie('yuecheng');
    expect((await t.request({ method: 'GET', url: `/api/console/stations/${stationId}/check-in-code`, cookie: yuecheng })).statusCode).toBe(
      404,
    );
    const rider = await memberCookie(t, nextPhone());
    const scan = () =>
      t.request({ method: 'POST', url: '/api/member/station-check-ins', cookie: rider, body: { code: code.json().token } });
    expect((await scan()).json()).toMatchObject({ station: { id: stationId }, counted: true, visitsToday: 1 });
    expect((await scan()).json()).toMatchObject({ counted: false, visitsToday: 1 });
    const forged = await t.request({
      method: 'POST',
      url: '/api/member/station-check-ins',
      cookie: rider,
      body: { code: `${(code.json().token as string).slice(0, -4)}AAAA` },
    });
    expect(forged.json()).toMatchObject({ code: 'stations.check_in_code_invalid' });
    const visits = await t.request({ method: 'GET', url: `/api/console/stations/${stationId}/visits`, cookie: keqiao });
    expect(visits.json().items).toEqual([{ day: dayAfter(0), visits: 1 }]);
    const board = await t.request({ method: 'GET', url: '/api/console/station-dashboard', cookie: keqiao });
    expect(board.statusCode, board.body).toBe(200);
    expect(board.json().visitsByDay).toEqual([{ day: dayAfter(0), visits: 1 }]);
    expect(board.json().topStations).toMatchObject([{ stationId, visits: 1 }]);
  });
});
