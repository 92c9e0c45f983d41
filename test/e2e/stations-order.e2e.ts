// Issue 17's end-to-end flow on a phone: a rider in 柯桥 (Chromium's position faked) finds the nearest
// station with a microwave, signs up for a day there and orders 法律援助 for a slot inside its hours;
// the union's staff accept it naming a volunteer and complete it in the console; the rider rates it 5
// stars in 我的预约. And checking in by a station's printed QR: signing in first, counted once a day.
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { everyDay } from '../../src/modules/stations/rules.js';
import { riderHomeInput } from '../../src/modules/stations/testing.js';
import { shanghaiDay } from '../../src/platform/db/columns.js';
import { consoleSignIn, desktopContext, phoneContext, screenshot, signedInPhone, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

/** A rider in 柯桥 (WGS-84, as a phone's GPS gives it). */
const RIDER = { longitude: 120.49, latitude: 30.08 };
const RIDER_PHONE = '13805750617';

type LngLat = { lng: number; lat: number };

/** A point `north` and `east` metres from `from` (flat earth: a few kilometres at most). */
function offset(from: LngLat, north: number, east: number): LngLat {
  const lat = from.lat + north / 111_320;
  const lng = from.lng + east / (111_320 * Math.cos((from.lat * Math.PI) / 180));
  return { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
}

async function json<T>(response: { ok: () => boolean; status: () => number; text: () => Promise<string>; json: () => Promise<unknown> }) {
  if (!response.ok()) throw new Error(`${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

interface Service {
  id: string;
  orgId: string;
  name: string;
  category: string;
  durationMinutes: number;
  description: string | null;
  active: boolean;
}

interface ConsoleOrder {
  id: string;
  station: { id: string };
  service: { id: string };
  slotAt: string;
  note: string | null;
  status: string;
  assigneeName: string | null;
  rating: number | null;
  ratingComment: string | null;
}

/**
 * A demo staff account of 柯桥 in the console ('keqiao' for 柯桥区总工会, 'keqiao.street' for 柯桥街道总工会,
 * whose stations these are), and where the rider is in GCJ-02, as stations are entered. Each test signs
 * in a different account: the same TOTP code twice within its 30 seconds is refused as a replay.
 */
async function setUpKeqiao(page: Page, username: 'keqiao' | 'keqiao.street') {
  await consoleSignIn(page, username);
  const staff: APIRequestContext = page.request;
  const org = (await json<{ org: { id: string } }>(await staff.get('/api/console/me'))).org;
  let street = org;
  if (username === 'keqiao') {
    const streets = await json<{ items: { id: string; name: string }[] }>(await staff.get(`/api/console/orgs/tree?parentId=${org.id}`));
    const found = streets.items.find((o) => o.name === '柯桥街道总工会');
    if (!found) throw new Error('the demo tree has no 柯桥街道总工会');
    street = found;
  }
  const here = (
    await json<{ origin: { gcj02: LngLat } }>(
      await staff.get(`/api/member/stations/nearest?lng=${RIDER.longitude}&lat=${RIDER.latitude}&datum=wgs84`),
    )
  ).origin.gcj02;
  return { staff, keqiao: org, street, here };
}

describe('ordering a service at a station, on a phone', () => {
  const e2e = useBrowserAndServer();

  it('a rider finds the nearest station with a microwave, orders 法律援助 for a slot inside its hours; staff accept and complete it in the console; the rider rates it 5 stars', async () => {
    const { browser, server } = e2e;
    const desk = await desktopContext(browser, server.url);
    const console_ = await desk.newPage();
    const { staff, keqiao, street, here } = await setUpKeqiao(console_, 'keqiao');

    // 1. Three stations of 柯桥街道: the nearest has no microwave, the next one (350 m) has, and one
    // 2.5 km away has one too.
    const bodies = {
      wing: {
        ...riderHomeInput(street.id, '中国电信笛扬营业厅爱心翼站'),
        kind: 'love_wing',
        host: '中国电信柯桥分公司',
        address: '柯桥街道笛扬路 88 号',
        gcj02: offset(here, 100, 200),
        hours: everyDay('08:30', '21:00'),
        amenityHours: {},
        amenities: ['water', 'rest', 'charging', 'toilet', 'air_conditioning'],
        areaM2: 60,
      },
      riderHome: { ...riderHomeInput(street.id, '笛扬路骑手之家'), gcj02: offset(here, 350, 0), phone: '0575-84123456' },
      courier: {
        ...riderHomeInput(street.id, '金柯桥快递员之家'),
        kind: 'courier_home',
        host: '柯桥区快递行业工会',
        address: '柯桥街道金柯桥大道 1200 号',
        gcj02: offset(here, -2000, 1500),
        hours: { alwaysOpen: true },
        amenityHours: {},
        amenities: ['water', 'rest', 'microwave', 'cooking', 'toilet'],
        areaM2: 120,
      },
    };
    const stations: Record<keyof typeof bodies, string> = { wing: '', riderHome: '', courier: '' };
    for (const [key, body] of Object.entries(bodies) as [keyof typeof bodies, object][]) {
      stations[key] = (await json<{ id: string }>(await staff.post('/api/console/stations', { data: body }))).id;
    }
    const stationId = stations.riderHome;

    // 法律援助 of the street's own union, with its public-interest lawyers at the station. The
    // district's 法律援助 (the demo's) is paused meanwhile, so the rider sees one 法律援助, not two.
    const services = (await json<{ items: Service[] }>(await staff.get('/api/console/station-services'))).items;
    const district = services.find((s) => s.orgId === keqiao.id && s.name === '法律援助');
    if (!district) throw new Error('the demo has no 法律援助 of 柯桥');
    const { name, category, description, durationMinutes } = district;
    await json(
      await staff.put(`/api/console/station-services/${district.id}`, {
        data: { name, category, description, durationMinutes, active: false },
      }),
    );
    const legalAid = await json<Service>(
      await staff.post('/api/console/station-services', {
        data: {
          orgId: street.id,
          name: '法律援助',
          category: 'legal_aid',
          description: '街道公益律师驻站：欠薪、工伤、交通事故咨询',
          durationMinutes: 60,
        },
      }),
    );

    // Two things coming at the station: 逢"7" service days, and a free screen-protector afternoon tomorrow.
    const today = shanghaiDay(new Date());
    const tomorrow = shanghaiDay(new Date(Date.now() + 86_400_000));
    await json(
      await staff.post(`/api/console/stations/${stationId}/events`, {
        data: {
          kind: 'service_day',
          title: '逢“7”定项服务日',
          topics: ['就业指导', '法律援助', '心理咨询'],
          description: '每月 7 日、17 日、27 日，工会把服务送到驿站',
          recurrence: { kind: 'month_days', days: [7, 17, 27] },
          fromDay: today,
          starts: '09:00',
          ends: '11:30',
          capacity: 40,
        },
      }),
    );
    const screenCare = await json<{ id: string }>(
      await staff.post(`/api/console/stations/${stationId}/events`, {
        data: {
          kind: 'event',
          title: '免费手机贴膜',
          topics: ['手机贴膜'],
          recurrence: null,
          fromDay: tomorrow,
          starts: '14:00',
          ends: '17:00',
          capacity: 30,
        },
      }),
    );

    // 2. The rider, signed in, located in 柯桥: 驿站 from the home page, 微波炉, the nearest one.
    const phone: BrowserContext = await signedInPhone(browser, server.url, RIDER_PHONE);
    await phone.grantPermissions(['geolocation']);
    await phone.setGeolocation(RIDER);
    const page = await phone.newPage();
    await page.goto('/');
    await page.click(id('member-tile-stations'));
    await page.locator(id('stations-list')).waitFor();
    await page.click(id('stations-amenity-microwave'));
    const firstRow = page.locator(id('station-row')).first();
    await expect.poll(() => firstRow.getAttribute('data-id')).toBe(stationId);
    const rowIds = await page.locator(id('station-row')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(rowIds).not.toContain(stations.wing);
    expect(rowIds.indexOf(stations.courier)).toBeGreaterThan(0);
    await firstRow.click();

    // 3. Its page: the services its union offers, and what is coming.
    await page.locator(`${id('station-page')}[data-id="${stationId}"]`).waitFor();
    const service = page.locator(`${id('station-service')}[data-id="${legalAid.id}"]`);
    await service.waitFor();
    expect(await page.locator(id('station-service')).allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('义诊'), expect.stringContaining('手机贴膜')]),
    );
    expect((await page.locator(id('station-service')).allTextContents()).filter((text) => text.startsWith('法律援助'))).toHaveLength(1);
    expect(await service.textContent()).toContain('约 60 分钟');

    // 报名 for tomorrow's screen protectors: one of 30 places taken.
    const day = page.locator(`${id('station-event-day')}[data-event="${screenCare.id}"][data-day="${tomorrow}"]`);
    expect(await day.locator(id('station-event-places')).textContent()).toBe('剩 30 个名额');
    await day.locator(id('station-event-sign-up')).click();
    await expect.poll(() => day.getAttribute('data-signed-up')).toBe('true');
    expect(await day.locator(id('station-event-places')).textContent()).toBe('剩 29 个名额');
    const signUps = await json<{ items: { eventId: string; day: string }[] }>(await phone.request.get('/api/member/station-signups'));
    expect(signUps.items).toContainEqual({ eventId: screenCare.id, day: tomorrow });
    await expect.poll(() => page.locator('.adm-toast-mask:visible').count(), { timeout: 10_000 }).toBe(0);
    await page.locator(id('station-order')).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'stations-order-station', { settleMs: 300 });

    // 4. 预约 法律援助: a day of the week ahead and a slot inside the station's hours (08:00–20:00,
    // the hour's service over by closing), a note, 确认预约.
    await service.locator(id('station-service-order')).click();
    await page.locator(id('station-order-page')).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/stations/${stationId}/order`);
    expect(new URL(page.url()).searchParams.get('service')).toBe(legalAid.id);
    await page.locator(id('order-slot')).first().waitFor();
    const offered = await page.locator(id('order-slot')).evaluateAll((slots) => slots.map((s) => s.getAttribute('data-at') ?? ''));
    for (const at of offered) {
      const time = at.slice(11, 16);
      expect(time >= '08:00' && time <= '19:00', at).toBe(true);
      expect(Date.parse(at)).toBeGreaterThan(Date.now());
    }
    // Tomorrow: the whole of its day, every half hour from 08:00 to 19:00.
    const tomorrowChip = page.locator(`${id('order-day')}[data-day="${tomorrow}"]`);
    await tomorrowChip.click();
    const slots = page.locator(id('order-slot'));
    expect(await slots.count()).toBe(23);
    const slot = slots.nth(4); // 10:00
    const slotAt = (await slot.getAttribute('data-at')) ?? '';
    expect(slotAt).toBe(`${tomorrow}T10:00:00+08:00`);
    await slot.click();
    expect(await page.locator(id('order-summary')).textContent()).toContain('明天');
    expect(await page.locator(id('order-summary')).textContent()).toContain('10:00');
    await page.locator(`${id('order-note')} textarea:not([readonly])`).fill('送餐时被拖欠了三个月的跑单费，想咨询怎么维权');
    // The picture from the top: the service, the days, the slot chosen, and the bar under the thumb.
    await page.locator(`${id('station-order-page')} .adm-nav-bar`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'stations-order-form', { settleMs: 300 });
    await page.click(id('order-submit'));
    const placed = page.locator(id('order-placed'));
    await placed.waitFor();
    const orderId = (await placed.getAttribute('data-id')) ?? '';
    expect(await placed.textContent()).toContain('短信');
    expect(await page.locator(id('order-placed-slot')).textContent()).toBe(
      `明天 ${Number(tomorrow.slice(5, 7))}月${Number(tomorrow.slice(8, 10))}日 10:00`,
    );
    await screenshot(page, 'stations-order-success', { settleMs: 300 });

    // The union has it, and the rider an SMS.
    const queued = await json<{ items: ConsoleOrder[] }>(await staff.get(`/api/console/station-orders?stationId=${stationId}`));
    const order = queued.items.find((o) => o.id === orderId);
    expect(order).toMatchObject({ status: 'ordered', service: { id: legalAid.id }, note: '送餐时被拖欠了三个月的跑单费，想咨询怎么维权' });
    expect(Date.parse(order?.slotAt ?? '')).toBe(Date.parse(slotAt));
    const inbox = async () =>
      (await json<{ items: { phone: string; text: string }[] }>(await staff.get('/api/dev/sms-inbox'))).items.filter(
        (m) => m.phone === RIDER_PHONE,
      );
    expect((await inbox()).some((m) => m.text.includes('法律援助') && m.text.includes('10:00'))).toBe(true);

    // The same slot twice is refused, in Chinese, and the form says so.
    await page.goto(`/stations/${stationId}/order?service=${legalAid.id}`);
    await page.locator(`${id('station-order-page')}[data-state="ready"]`).waitFor();
    await page.locator(`${id('order-day')}[data-day="${tomorrow}"]`).click();
    await page.locator(`${id('order-slot')}[data-at="${slotAt}"]`).click();
    await page.click(id('order-submit'));
    await expect.poll(() => page.locator(id('order-problem')).textContent()).toContain('不用重复预约');

    // 5. 柯桥's staff in the console: 受理 naming a volunteer, then 完成.
    await console_.click(id('console-menu-stationServices'));
    await console_.locator(id('orders-queue')).waitFor();
    await console_.locator(id(`order-row-${orderId}`)).waitFor();
    await console_.click(id(`order-accept-${orderId}`));
    await console_.click(id('order-accept-volunteer'));
    await console_.fill(id('order-accept-name'), '李律师（柯桥街道公益律师）');
    await console_.click(id('order-accept-ok'));
    await console_.locator(id(`order-row-${orderId}`)).waitFor({ state: 'detached' });

    // The rider sees who will serve: 我的预约 from the home page.
    await page.goto('/');
    await page.click(id('member-entry-station-orders'));
    const card = page.locator(`${id('order-card')}[data-id="${orderId}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('accepted');
    expect(await card.locator(id('order-status')).textContent()).toBe('已受理');
    expect(await card.locator(id('order-assignee')).textContent()).toBe('李律师（柯桥街道公益律师）');
    expect((await inbox()).some((m) => m.text.includes('已受理') && m.text.includes('李律师'))).toBe(true);

    await console_.click(id('orders-filter-accepted'));
    await console_.locator(id(`order-row-${orderId}`)).waitFor();
    await console_.click(id(`order-complete-${orderId}`));
    await console_.click(id('order-complete-ok'));
    await console_.locator(id(`order-row-${orderId}`)).waitFor({ state: 'detached' });

    // 6. 已完成: the rider gives it 5 stars and a word.
    await page.reload();
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('done');
    expect(await card.locator(id('order-status')).textContent()).toBe('已完成');
    expect(await card.locator(id('order-cancel')).count()).toBe(0);
    await card.locator(id('order-star-5')).click();
    await card.locator(`${id('order-rate-comment')} textarea:not([readonly])`).fill('李律师讲得很清楚，还帮我写好了仲裁申请');
    await card.locator(id('order-rate-submit')).click();
    await card.locator(`${id('order-rated')}[data-stars="5"]`).waitFor();
    expect(await card.locator(id('order-rate')).count()).toBe(0);
    await expect.poll(() => page.locator('.adm-toast-mask:visible').count(), { timeout: 10_000 }).toBe(0);
    await screenshot(page, 'stations-order-my-orders', { settleMs: 300 });

    // Stored: the console reads 5 stars and the comment.
    const done = await json<{ items: ConsoleOrder[] }>(await staff.get(`/api/console/station-orders?status=done&stationId=${stationId}`));
    expect(done.items.find((o) => o.id === orderId)).toMatchObject({
      status: 'done',
      assigneeName: '李律师（柯桥街道公益律师）',
      rating: 5,
      ratingComment: '李律师讲得很清楚，还帮我写好了仲裁申请',
    });

    // A link to the station with nothing handed over (an SMS, a reload in a new tab) loads it by its id.
    const fresh = await phone.newPage();
    await fresh.goto(`/stations/${stationId}`);
    await fresh.locator(`${id('station-page')}[data-id="${stationId}"]`).waitFor();
    expect(await fresh.locator(id('station-title')).textContent()).toBe('笛扬路骑手之家');
    await fresh.locator(`${id('station-service')}[data-id="${legalAid.id}"]`).waitFor();
    expect(await fresh.locator(`${id('station-event-day')}[data-event="${screenCare.id}"]`).getAttribute('data-signed-up')).toBe('true');
    // 附近活动, from there: what is on within 5 km, tomorrow's screen protectors among it, held.
    await fresh.click(id('station-nearby-events'));
    const nearby = fresh.locator(`${id('nearby-events')} ${id('station-event-day')}[data-event="${screenCare.id}"]`);
    await nearby.waitFor();
    expect(await nearby.getAttribute('data-signed-up')).toBe('true');
    expect(await nearby.textContent()).toContain('笛扬路骑手之家');
    await screenshot(fresh, 'stations-order-nearby-events', { settleMs: 300 });

    await fresh.goto('/stations/0190a3c1-0000-7000-8000-000000000000');
    await fresh.locator(`${id('station-page')}[data-state="missing"]`).waitFor();

    await phone.close();
    await desk.close();
  });

  it('a rider scans a station’s QR: signs in first and comes back, is counted once a day, and is told plainly when a code is not a station’s', async () => {
    const { browser, server } = e2e;
    const desk = await desktopContext(browser, server.url);
    const { staff, street, here } = await setUpKeqiao(await desk.newPage(), 'keqiao.street');
    const station = await json<{ id: string; name: string }>(
      await staff.post('/api/console/stations', {
        data: { ...riderHomeInput(street.id, '笛扬路骑手之家'), gcj02: offset(here, 350, 0) },
      }),
    );
    const code = await json<{ url: string; token: string }>(await staff.get(`/api/console/stations/${station.id}/check-in-code`));
    const printed = new URL(code.url);
    expect(printed.pathname).toBe('/stations/check-in');
    expect(printed.searchParams.get('c')).toBe(code.token);

    // WeChat's scanner opens the printed address on a phone that is not signed in: sign in, then back.
    const phone = await phoneContext(browser, server.url);
    const page = await phone.newPage();
    await page.goto(`${printed.pathname}${printed.search}`);
    await page.locator(id('member-phone')).waitFor();
    const riderPhone = '13805750618';
    await page.fill(id('member-phone'), riderPhone);
    await page.click(id('member-send-code'));
    const messages = async () =>
      (await json<{ items: { phone: string; text: string }[] }>(await phone.request.get('/api/dev/sms-inbox'))).items;
    await expect.poll(async () => (await messages()).some((m) => m.phone === riderPhone)).toBe(true);
    const smsCode = /验证码为\s*(\d{6})/.exec((await messages()).find((m) => m.phone === riderPhone)?.text ?? '')?.[1] ?? '';
    await page.fill(id('member-code'), smsCode);
    await page.click(id('member-sign-in-submit'));

    const done = page.locator(id('check-in-done'));
    await done.waitFor();
    expect(new URL(page.url()).pathname).toBe('/stations/check-in');
    expect(await done.getAttribute('data-counted')).toBe('true');
    expect(await page.locator(id('check-in-title')).textContent()).toBe('签到成功');
    expect(await page.locator(id('check-in-station')).textContent()).toBe('笛扬路骑手之家');
    expect(await page.locator(id('check-in-visits')).textContent()).toBe('今天已有 1 人次在这里签到');
    await expect.poll(() => page.locator('.adm-toast-mask:visible').count(), { timeout: 10_000 }).toBe(0);
    await screenshot(page, 'stations-order-check-in', { settleMs: 300 });

    // Scanned again the same day: 今天已签到, counted once.
    await page.reload();
    await done.waitFor();
    expect(await done.getAttribute('data-counted')).toBe('false');
    expect(await page.locator(id('check-in-title')).textContent()).toBe('今天已签到');
    expect(await page.locator(id('check-in-visits')).textContent()).toBe('今天已有 1 人次在这里签到');

    // The station's page from there, loaded by its id.
    await page.click(id('check-in-station-link'));
    await page.locator(`${id('station-page')}[data-id="${station.id}"]`).waitFor();
    expect(await page.locator(id('station-title')).textContent()).toBe('笛扬路骑手之家');
    expect(await page.locator(id('station-open')).count()).toBe(1);

    // A code that is not a station's (a forged or mangled one).
    await page.goto(`/stations/check-in?c=${encodeURIComponent(`${code.token.slice(0, -4)}AAAA`)}`);
    const problem = page.locator(`${id('check-in-problem')}[data-state="invalid"]`);
    await problem.waitFor();
    expect(await page.locator(id('check-in-problem-text')).textContent()).toBe('这不是有效的驿站签到码，请扫描驿站张贴的二维码');
    await page.goto('/stations/check-in');
    await page.locator(`${id('check-in-problem')}[data-state="invalid"]`).waitFor();

    const visits = await json<{ items: { day: string; visits: number }[] }>(
      await staff.get(`/api/console/stations/${station.id}/visits?from=${shanghaiDay(new Date())}&to=${shanghaiDay(new Date())}`),
    );
    expect(visits.items).toEqual([{ day: shanghaiDay(new Date()), visits: 1 }]);
    await phone.close();
    await desk.close();
  });
});
