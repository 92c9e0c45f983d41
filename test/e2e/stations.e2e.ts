import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { everyDay } from '../../src/modules/stations/rules.js';
import { riderHomeInput } from '../../src/modules/stations/testing.js';
import { totpCode } from '../../src/platform/auth/totp.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/seed/demo.js';
import { desktopContext, phoneContext, screenshot, signedInPhone, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

/** A rider in 柯桥 (WGS-84, as a phone's GPS gives it). */
const RIDER = { longitude: 120.49, latitude: 30.08 };

type LngLat = { lng: number; lat: number };

/** A point `north` and `east` metres from `from` (flat earth: a few kilometres at most). */
function offset(from: LngLat, north: number, east: number): LngLat {
  const lat = from.lat + north / 111_320;
  const lng = from.lng + east / (111_320 * Math.cos((from.lat * Math.PI) / 180));
  return { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
}

/** The day after tomorrow in Shanghai (1 = Monday): a station open only then is closed now. */
function dayAfterTomorrow(): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short' }).format(
    new Date(Date.now() + 2 * 86_400_000),
  );
  return String(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1);
}

/** A phone whose browser reports the rider in 柯桥, the permission already given. */
async function locatedPhone(context: BrowserContext): Promise<BrowserContext> {
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation(RIDER);
  return context;
}

type Nearest = { origin: { gcj02: LngLat }; items: { id: string; distanceM: number }[] };

/** What the server answers the rider's position (with `query` added), for the page to be compared with. */
async function nearest(page: Page, query: string): Promise<Nearest> {
  const answer = await page.request.get(`/api/member/stations/nearest?lng=${RIDER.longitude}&lat=${RIDER.latitude}&datum=wgs84${query}`);
  expect(answer.status()).toBe(200);
  return (await answer.json()) as Nearest;
}

async function rowIds(page: Page): Promise<string[]> {
  return page.locator(id('station-row')).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''));
}

describe('nearest stations in a browser', () => {
  const e2e = useBrowserAndServer();

  it('a rider finds the nearest station with a microwave, on the list and on a map without tiles, and opens it', async () => {
    // 1. 柯桥 places four stations closer to the rider than any of the demo's, from AMap's GCJ-02 (the
    // server says where the rider is in it). The staff session comes through the console's API: what
    // this test is about is the H5.
    const desk = await desktopContext(e2e.browser, e2e.server.url);
    const staff = await desk.newPage();
    const password = await staff.request.post('/api/console/auth/sign-in', { data: { username: 'keqiao', password: DEMO_PASSWORD } });
    const { challengeId } = (await password.json()) as { challengeId: string };
    const signedIn = await staff.request.post('/api/console/auth/totp', { data: { challengeId, code: totpCode(DEMO_TOTP_SECRET) } });
    expect(signedIn.status(), await signedIn.text()).toBe(200);
    const keqiao = ((await (await staff.request.get('/api/console/me')).json()) as { org: { id: string } }).org.id;
    const here = (await nearest(staff, '')).origin.gcj02;

    const riderHome = { ...riderHomeInput(keqiao, '笛扬路骑手之家'), gcj02: offset(here, 350, 0), phone: '0575-84123456' };
    const bodies = {
      // The nearest of all: closed today.
      community: {
        ...riderHomeInput(keqiao, '笛扬社区爱心驿站'),
        kind: 'love_station',
        host: '笛扬社区居委会',
        address: '柯桥街道笛扬社区服务中心一楼',
        gcj02: offset(here, 0, -150),
        hours: { alwaysOpen: false, days: { [dayAfterTomorrow()]: [{ opens: '09:00', closes: '17:00' }] } },
        amenityHours: {},
        amenities: ['water', 'rest', 'first_aid'],
        areaM2: 40,
      },
      // A telecom hall's 爱心翼站 (seed 001): no microwave.
      wing: {
        ...riderHomeInput(keqiao, '中国电信笛扬营业厅爱心翼站'),
        kind: 'love_wing',
        host: '中国电信柯桥分公司',
        address: '柯桥街道笛扬路 88 号',
        gcj02: offset(here, 100, 200),
        hours: everyDay('08:30', '21:00'),
        amenityHours: {},
        amenities: ['water', 'rest', 'charging', 'toilet', 'air_conditioning'],
        areaM2: 60,
      },
      riderHome,
      courier: {
        ...riderHomeInput(keqiao, '柯桥快递员之家'),
        kind: 'courier_home',
        host: '柯桥区快递行业工会',
        address: '柯桥街道金柯桥大道 1200 号',
        gcj02: offset(here, -300, 340),
        hours: { alwaysOpen: true },
        amenityHours: {},
        amenities: ['water', 'rest', 'microwave', 'cooking', 'toilet', 'battery_swap'],
        areaM2: 120,
      },
    };
    const ids: Record<keyof typeof bodies, string> = { community: '', wing: '', riderHome: '', courier: '' };
    for (const [key, body] of Object.entries(bodies) as [keyof typeof bodies, object][]) {
      const created = await staff.request.post('/api/console/stations', { data: body });
      expect(created.status(), await created.text()).toBe(201);
      ids[key] = ((await created.json()) as { id: string }).id;
    }

    // 2. A signed-in rider opens 驿站 from the home page: the server's nearest, in its order, the
    // five-minute circle (1,250 m at 15 km/h) marked.
    const phone = await locatedPhone(await signedInPhone(e2e.browser, e2e.server.url, '13805710617'));
    const page = await phone.newPage();
    await page.goto('/');
    await page.click(id('member-tile-stations'));
    await page.locator(id('stations-list')).waitFor();
    const answer = (await nearest(staff, '')).items.filter((s) => s.distanceM <= 20_000);
    expect(await rowIds(page)).toEqual(answer.map((s) => s.id));
    expect(answer.slice(0, 4).map((s) => s.id)).toEqual([ids.community, ids.wing, ids.riderHome, ids.courier]);
    const row = (stationId: string) => page.locator(`${id('station-row')}[data-id="${stationId}"]`);
    for (const station of answer) expect(await row(station.id).getAttribute('data-within')).toBe(String(station.distanceM <= 1250));
    expect(await row(ids.community).locator(id('station-open')).getAttribute('data-open')).toBe('false');
    expect(await row(ids.courier).locator(id('station-open')).getAttribute('data-open')).toBe('true');
    expect(await row(ids.riderHome).locator(id('station-distance')).textContent()).toBe('350 米');
    expect(await row(ids.riderHome).textContent()).toContain('骑行约 2 分钟');
    await screenshot(page, 'stations-list', { settleMs: 300 });

    // "正在开放" drops the station closed today (and brings it back when turned off).
    await page.click(id('stations-open-now'));
    await expect.poll(() => rowIds(page)).not.toContain(ids.community);
    expect(page.url()).toContain('open=1');
    await page.click(id('stations-open-now'));
    await expect.poll(() => rowIds(page)).toContain(ids.community);

    // 3. 微波炉: the nearest station with one is the 骑手之家; every row has one, named first.
    await page.click(id('stations-amenity-microwave'));
    const withMicrowave = (await nearest(staff, '&amenity=microwave')).items.filter((s) => s.distanceM <= 20_000);
    await expect.poll(() => rowIds(page)).toEqual(withMicrowave.map((s) => s.id));
    expect(withMicrowave[0]?.id).toBe(ids.riderHome);
    // Farther ones too, outside the circle (the demo's 柯岩 and 华舍 stations), in kilometres.
    const far = withMicrowave.filter((s) => s.distanceM > 1250);
    expect(far.length).toBeGreaterThan(0);
    for (const station of withMicrowave) expect(await row(station.id).getAttribute('data-within')).toBe(String(station.distanceM <= 1250));
    expect(
      await row(far[0]?.id ?? '')
        .locator(id('station-distance'))
        .textContent(),
    ).toMatch(/^\d+(\.\d)? 公里$/);
    expect(
      await page.locator(`${id('station-row')} .gh-st-amenities > :first-child.gh-amenity-tag-on[data-amenity="microwave"]`).count(),
    ).toBe(withMicrowave.length);
    await screenshot(page, 'stations-list-microwave', { settleMs: 300 });
    await desk.close();

    // 4. The map: no tile server here, and the rider, the circle and a pin per row are drawn all the
    // same; the view holds the circle and the nearest stations.
    await page.click(id('stations-view-map'));
    const map = page.locator(id('stations-map'));
    await map.waitFor();
    expect(await map.getAttribute('data-tiles')).toBe('no');
    const pins = page.locator(id('stations-map-marker'));
    await expect.poll(() => pins.count()).toBe(withMicrowave.length);
    const box = await map.boundingBox();
    for (const stationId of [ids.riderHome, ids.courier]) {
      const pin = page.locator(`${id('stations-map-marker')}[data-id="${stationId}"]`);
      expect(await pin.isVisible()).toBe(true);
      const at = await pin.boundingBox();
      const inside =
        !!at && !!box && at.x >= box.x && at.y >= box.y && at.x + at.width <= box.x + box.width && at.y + at.height <= box.y + box.height;
      expect(inside).toBe(true);
    }
    expect(await page.locator(id('stations-map-me')).isVisible()).toBe(true);
    expect(await page.locator('.gh-st-map path').count()).toBeGreaterThan(0);

    // Tapping a pin shows its card; the card opens the station.
    await page.locator(`${id('stations-map-marker')}[data-id="${ids.riderHome}"]`).click();
    const card = page.locator(`${id('stations-map-card')}[data-id="${ids.riderHome}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain('笛扬路骑手之家');
    await screenshot(page, 'stations-map', { settleMs: 400 });
    await card.locator(id('stations-map-card-open')).click();

    // 5. The station's page: its week in words, the battery cabinet's own hours, the phone, the way there in AMap.
    await page.locator(`${id('station-page')}[data-id="${ids.riderHome}"]`).waitFor();
    expect(await page.locator(id('station-title')).textContent()).toBe('笛扬路骑手之家');
    expect(await page.locator(id('station-host')).textContent()).toBe('中国铁塔柯桥分公司');
    expect(await page.locator(id('station-area')).textContent()).toBe('300 平方米');
    expect(await page.locator(id('station-hours-line')).allTextContents()).toEqual(['每天08:00–20:00']);
    expect(await page.locator(id('station-amenity-hours')).textContent()).toContain('换电柜 24 小时');
    expect(await page.locator(id('station-phone')).getAttribute('href')).toBe('tel:057584123456');
    const navigate = new URL((await page.locator(id('station-navigate')).getAttribute('href')) ?? '');
    expect(navigate.origin + navigate.pathname).toBe('https://uri.amap.com/marker');
    expect(navigate.searchParams.get('position')).toBe(`${riderHome.gcj02.lng.toFixed(6)},${riderHome.gcj02.lat.toFixed(6)}`);
    expect(navigate.searchParams.get('name')).toBe('笛扬路骑手之家');
    expect(await page.locator(id('station-events')).count()).toBe(1);
    expect(await page.locator(id('station-order')).count()).toBe(1);
    await screenshot(page, 'stations-detail', { settleMs: 300 });
    await page.locator(id('station-order')).evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await screenshot(page, 'stations-detail-more', { settleMs: 300 });

    // A reload keeps the page (the station is kept from the list), and back returns to the map as it was.
    await page.reload();
    await page.locator(`${id('station-page')}[data-id="${ids.riderHome}"]`).waitFor();
    await page.goBack();
    await page.locator(id('stations-map')).waitFor();
    expect(new URL(page.url()).searchParams.getAll('amenity')).toEqual(['microwave']);
    await phone.close();
  });

  it('a rider who refused the location is told how to allow it in WeChat, and finds the stations after allowing it', async () => {
    const context = await phoneContext(e2e.browser, e2e.server.url);
    const page = await context.newPage();
    await page.goto('/stations');
    const problem = page.locator(`${id('stations-location-problem')}[data-reason="denied"]`);
    await problem.waitFor();
    expect(await problem.textContent()).toContain('微信');
    await screenshot(page, 'stations-denied', { settleMs: 300 });

    await locatedPhone(context);
    await page.click(id('stations-locate-retry'));
    await page
      .locator(`${id('stations-list')}, ${id('stations-empty')}`)
      .first()
      .waitFor();
    await context.close();
  });
});
