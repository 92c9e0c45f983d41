// The console's station services: a district office offers a service, schedules 逢 7 service days at a
// station, works the orders riders place (accepts one naming a volunteer, completes it), sees it counted
// on the dashboard and prints the station's check-in poster.
import path from 'node:path';
import jsqrModule from 'jsqr';
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { riderHomeInput } from '../../src/modules/stations/testing.js';
import { shanghaiDay } from '../../src/platform/db/columns.js';
import { consoleSignIn, desktopContext, screenshot, SCREENSHOT_DIR, signedInPhone, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

// jsqr is CommonJS typed with `export default`: under NodeNext its default import is the exports object,
// the function itself or one holding it as `default`, depending on the loader.
type DecodeQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsqrModule as unknown as { default?: DecodeQr }).default ?? jsqrModule) as unknown as DecodeQr;
const DAY = 86_400_000;
const dayAfter = (days: number) => shanghaiDay(new Date(Date.now() + days * DAY));
/** A time on a Shanghai day, as the H5 sends it. */
const at = (day: string, time: string) => `${day}T${time}:00+08:00`;

async function json<T>(response: {
  ok: () => boolean;
  status: () => number;
  text: () => Promise<string>;
  json: () => Promise<unknown>;
}): Promise<T> {
  if (!response.ok()) throw new Error(`${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Waits for the success toasts to go, so that a picture shows the page rather than the last message. */
async function quiet(page: Page): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
}

/** Picks a station in the station picker by typing part of its name. */
async function pickStation(page: Page, picker: string, name: string): Promise<void> {
  await page.click(`${id(picker)} .ant-select-selector, ${id(picker)}.ant-select`);
  await page.keyboard.type(name);
  await page.locator(`.ant-select-item-option[title="${name}"]`).click();
}

interface Order {
  id: string;
  status: string;
}

describe('station services in the console', () => {
  const e2e = useBrowserAndServer();

  it('柯桥 offers a service and 逢 7 service days at a station, accepts an order naming a volunteer, completes it, sees it on the dashboard and prints the check-in poster', async () => {
    const { server, browser } = e2e;
    const context: BrowserContext = await desktopContext(browser, server.url);
    const page = await context.newPage();
    await consoleSignIn(page, 'keqiao');
    const staff: APIRequestContext = page.request;
    const keqiao = (await json<{ org: { id: string; name: string } }>(await staff.get('/api/console/me'))).org;

    // A station of 柯桥's, placed through the API as the stations form would.
    const station = await json<{ id: string; name: string }>(
      await staff.post('/api/console/stations', { data: riderHomeInput(keqiao.id, '笛扬路骑手之家') }),
    );

    // 1. 服务项目: a new service through the form; the catalogue lists it beside the demo's.
    await page.click(id('console-menu-stationServices'));
    await page.locator(id('orders-queue')).waitFor();
    await page.click(id('station-services-tab-services'));
    await page.locator(id('services-catalogue')).waitFor();
    await page.click(id('services-new'));
    await page.fill(id('service-name'), '劳动争议调解');
    await page.click(id('service-category'));
    await page.click(id('service-category-legal_aid'));
    await page.fill(`${id('service-duration')} input, input${id('service-duration')}`, '45');
    await page.fill(id('service-description'), '工会调解员面对面调解欠薪、工伤等劳动争议');
    await page.click(id('service-form-submit'));
    await page.getByText('已新增「劳动争议调解」').waitFor();
    const services = (
      await json<{ items: { id: string; name: string; orgId: string }[] }>(await staff.get('/api/console/station-services'))
    ).items;
    const mediation = services.find((s) => s.name === '劳动争议调解' && s.orgId === keqiao.id);
    if (!mediation) throw new Error('the new service is not listed');
    await page.locator(id(`service-row-${mediation.id}`)).waitFor();
    await quiet(page);
    await screenshot(page, 'station-services-catalogue', { settleMs: 300 });
    // The same name twice in one union: the server's message under the name.
    await page.click(id('services-new'));
    await page.fill(id('service-name'), '劳动争议调解');
    await page.click(id('service-category'));
    await page.click(id('service-category-legal_aid'));
    await page.click(id('service-form-submit'));
    await page.locator(id('service-form-error')).getByText('本工会已有名为「劳动争议调解」的服务项目').waitFor();
    // Escape may only close the category dropdown, leaving the modal over the tabs: close it by its button.
    await page.click(id('service-form-cancel'));
    await page.locator(id('service-form-submit')).waitFor({ state: 'detached' });

    // 2. 服务日与活动: the station picked by name, a 逢 7 service day through the form (one click on 逢 7).
    await page.click(id('station-services-tab-events'));
    await page.locator(id('events-pick-station')).waitFor();
    await pickStation(page, 'events-station', station.name);
    await page.locator(id('events-station-card')).waitFor();
    await page.click(id('events-new'));
    await page.fill(id('event-title'), '逢 7 服务日');
    await page.click(id('event-digit-3'));
    await page.click(id('event-digit-7'));
    await expect.poll(() => page.locator(id('event-preview')).textContent()).toMatch(/接下来：\d{4}-\d{2}-(07|17|27) /);
    await page.click(`${id('event-topics')} .ant-select-selector, ${id('event-topics')}.ant-select`);
    await page.keyboard.type('法律援助');
    await page.keyboard.press('Enter');
    await page.keyboard.type('就业指导');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.locator(id('event-preview')).scrollIntoViewIfNeeded();
    await screenshot(page, 'station-services-event-form', { settleMs: 300 });
    await page.click(id('event-form-submit'));
    await page.getByText('已安排「逢 7 服务日」').waitFor();
    const days = (
      await json<{ items: { event: { id: string; title: string; recurrence: unknown }; day: string }[] }>(
        await staff.get(`/api/console/stations/${station.id}/events`),
      )
    ).items;
    const serviceDay = days.find((d) => d.event.title === '逢 7 服务日');
    expect(serviceDay?.event.recurrence).toEqual({ kind: 'month_days', days: [7, 17, 27] });
    expect(serviceDay?.day.slice(8)).toMatch(/^(07|17|27)$/);
    // A one-off beside it, with places: 清凉送到驿站 tomorrow.
    const film = await json<{ id: string }>(
      await staff.post(`/api/console/stations/${station.id}/events`, {
        data: {
          kind: 'event',
          title: '清凉送到驿站 · 免费观影',
          topics: ['防暑降温', '免费观影'],
          recurrence: null,
          fromDay: dayAfter(1),
          starts: '19:00',
          ends: '21:00',
          capacity: 40,
        },
      }),
    );

    // 3. Three riders sign in on the H5, check in at the station, and order.
    const code = await json<{ token: string; url: string }>(await staff.get(`/api/console/stations/${station.id}/check-in-code`));
    expect(code.url).toContain('/stations/check-in?c=');
    const legalAid = services.find((s) => s.name === '法律援助' && s.orgId === keqiao.id);
    const clinic = services.find((s) => s.name === '义诊');
    if (!legalAid || !clinic) throw new Error('the demo services of 柯桥 are missing');
    const orders: Order[] = [];
    const riders = [
      {
        phone: '13905750101',
        serviceId: mediation.id,
        slotAt: at(dayAfter(1), '10:00'),
        note: '外卖平台拖欠 3 个月跑单费，想咨询怎么维权',
      },
      { phone: '13905750102', serviceId: legalAid.id, slotAt: at(dayAfter(1), '14:00'), note: '送餐途中被撞，想了解工伤认定' },
      { phone: '13905750103', serviceId: clinic.id, slotAt: at(dayAfter(2), '09:30'), note: null },
    ];
    const riderContexts: BrowserContext[] = [];
    for (const rider of riders) {
      const phone = await signedInPhone(browser, server.url, rider.phone);
      riderContexts.push(phone);
      await json(await phone.request.post('/api/member/station-check-ins', { data: { code: code.token } }));
      await json(await phone.request.put(`/api/member/station-events/${film.id}/days/${dayAfter(1)}/signup`));
      orders.push(
        await json<Order>(
          await phone.request.post(`/api/member/stations/${station.id}/orders`, {
            data: { serviceId: rider.serviceId, slotAt: rider.slotAt, ...(rider.note ? { note: rider.note } : {}) },
          }),
        ),
      );
    }
    const [first] = orders;
    const firstRider = riderContexts[0];
    if (!first || !firstRider) throw new Error('no order');

    // The day's places taken show on the events page.
    await page.click(id('events-refresh'));
    await expect.poll(() => page.locator(id(`event-places-${film.id}-${dayAfter(1)}`)).textContent()).toContain('3 / 40');
    await quiet(page);
    await screenshot(page, 'station-services-events', { settleMs: 300 });

    // 4. 服务预约: the queue of 待受理 holds the three, each with its slot, station, service and masked phone.
    await page.click(id('station-services-tab-orders'));
    await page.locator(id(`order-row-${first.id}`)).waitFor();
    for (const order of orders) await page.locator(id(`order-row-${order.id}`)).waitFor();
    const row = page.locator(id(`order-row-${first.id}`));
    expect(await row.textContent()).toContain('10:00–10:45');
    expect(await row.textContent()).toContain('139****0101');
    expect(await row.textContent()).toContain('劳动争议调解');
    await quiet(page);
    await screenshot(page, 'station-services-orders', { settleMs: 300 });

    // 受理 naming a volunteer: the order leaves 待受理 and the rider is told by SMS who serves.
    await page.click(id(`order-accept-${first.id}`));
    await page.click(id('order-accept-volunteer'));
    await page.fill(id('order-accept-name'), '王');
    await page.click(id('order-accept-ok'));
    await page.getByText('姓名为 2–30 个字').waitFor();
    await page.fill(id('order-accept-name'), '王律师（柯桥区公益律师团）');
    await page.click(id('order-accept-ok'));
    await page.getByText('已受理，已短信通知会员由王律师（柯桥区公益律师团）提供服务').waitFor();
    await page.locator(id(`order-row-${first.id}`)).waitFor({ state: 'detached' });
    const inbox = (await json<{ items: { phone: string; text: string }[] }>(await staff.get('/api/dev/sms-inbox'))).items;
    expect(inbox.find((m) => m.phone === '13905750101' && m.text.includes('已受理'))?.text).toContain('王律师（柯桥区公益律师团）');

    // 完成 from 已受理.
    await page.click(id('orders-filter-accepted'));
    await page.locator(id(`order-row-${first.id}`)).waitFor();
    expect(await page.locator(id(`order-row-${first.id}`)).textContent()).toContain('王律师（柯桥区公益律师团）');
    await page.click(id(`order-complete-${first.id}`));
    await page.click(id('order-complete-ok'));
    await page.getByText('已完成，已短信邀请会员评价').waitFor();
    await page.locator(id(`order-row-${first.id}`)).waitFor({ state: 'detached' });

    // The rider rates it; 已完成 shows the stars.
    await json(
      await firstRider.request.post(`/api/member/station-orders/${first.id}/rating`, { data: { stars: 5, comment: '调解员很耐心' } }),
    );
    await page.click(id('orders-filter-done'));
    await page.locator(id(`order-rating-${first.id}`)).waitFor();
    expect(await page.locator(`${id(`order-rating-${first.id}`)} .ant-rate-star-full`).count()).toBe(5);

    // 取消 with a reason: the third order, from its drawer.
    const third = orders[2];
    if (!third) throw new Error('no third order');
    await page.click(id('orders-filter-ordered'));
    await page.locator(id(`order-row-${third.id}`)).click();
    await page.locator(id('order-drawer')).waitFor();
    await page.locator(`${id('order-drawer')} ${id(`order-cancel-${third.id}`)}`).click();
    await page.click(id('order-cancel-reason-template-1'));
    await page.click(id('order-cancel-reason-ok'));
    await page.getByText('已取消，已短信告知会员原因').waitFor();
    await expect.poll(() => page.locator(id('order-drawer')).textContent()).toContain('工会取消：该时段驿站临时闭站，请改约其他时段');
    await page.keyboard.press('Escape');
    await page.locator(id(`order-row-${third.id}`)).waitFor({ state: 'detached' });
    await quiet(page);

    // 5. 驿站看板: the three orders, one done (33.3%), rated 5, three visits today.
    await page.click(id('station-services-tab-dashboard'));
    const kpi = (name: string) => page.locator(`${id(`dashboard-kpi-${name}`)} .ant-statistic-content-value`);
    await expect.poll(() => kpi('orders').textContent()).toBe('3');
    expect(await kpi('done').textContent()).toBe('33.3%');
    expect(await kpi('rating').textContent()).toBe('5.0');
    expect(await page.locator(id('dashboard-kpi-orders')).textContent()).toContain('待受理 1 · 已受理 0 · 已取消 1');
    await page.locator(id('dashboard-top-stations')).getByText(station.name).waitFor();
    await page.locator(id('dashboard-areas')).getByText('柯桥街道').waitFor();
    await page.locator(`${id('dashboard-visits')} canvas`).waitFor();
    await page.locator(`${id('dashboard-categories')} canvas`).waitFor();
    await screenshot(page, 'station-services-dashboard', { settleMs: 800 });

    // 6. The check-in poster, from the station on the events page: the union, 微信扫码签到, the QR, the station.
    await page.click(id('station-services-tab-events'));
    await pickStation(page, 'events-station', station.name);
    await page.click(id('events-check-in'));
    await page.locator(id('check-in-qr')).waitFor();
    expect(page.url()).toContain(`/console/station-services/check-in/${station.id}`);
    expect(await page.locator(id('check-in-union')).textContent()).toBe(keqiao.name);
    expect(await page.locator(id('check-in-station')).textContent()).toBe(station.name);
    expect(await page.locator(id('check-in-poster')).textContent()).toContain('微信扫码签到');
    expect(await page.locator(id('check-in-visits-total')).textContent()).toBe('共 3 人次');
    // The printed code is the check-in link itself: what WeChat's scanner reads opens the H5's check-in.
    // Run in the page as text: this project's types have no DOM (the server's tsconfig).
    const pixels = await page.evaluate<number[] | null>(`(() => {
      const img = document.querySelector('[data-testid="check-in-qr"]');
      const canvas = document.createElement('canvas');
      canvas.width = 480;
      canvas.height = 480;
      const g = canvas.getContext('2d');
      if (!g || !img) return null;
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 480, 480);
      g.drawImage(img, 40, 40, 400, 400);
      return Array.from(g.getImageData(0, 0, 480, 480).data);
    })()`);
    const scanned = jsQR(Uint8ClampedArray.from(pixels ?? []), 480, 480)?.data ?? '';
    expect(scanned).toBe(await page.locator(id('check-in-qr')).getAttribute('alt'));
    expect(scanned.startsWith(`${server.url}/stations/check-in?c=`)).toBe(true);
    // A rider scanning it checks in (counted once a day: this one came in already today).
    const scan = await json<{ counted: boolean; station: { id: string } }>(
      await firstRider.request.post('/api/member/station-check-ins', {
        data: { code: new URL(scanned).searchParams.get('c') ?? '' },
      }),
    );
    expect(scan).toMatchObject({ counted: false, station: { id: station.id } });
    await page.locator(`${id('check-in-visits')} canvas`).waitFor();
    await screenshot(page, 'station-services-poster', { settleMs: 500 });

    // Printed, the poster is the page: no menu, no buttons, one A4 sheet.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.gh-sider').isVisible()).toBe(false);
    expect(await page.locator(id('check-in-print')).isVisible()).toBe(false);
    const box = await page.locator(id('check-in-poster')).boundingBox();
    // 210 mm at 96 dpi.
    expect(Math.round(box?.width ?? 0)).toBe(794);
    // Nothing of the poster is cut off at the foot of the sheet.
    const foot = await page.locator('.gh-ss-poster-foot').boundingBox();
    expect((foot?.y ?? Infinity) + (foot?.height ?? 0)).toBeLessThanOrEqual((box?.y ?? 0) + (box?.height ?? 0) + 1);
    if (process.env.SCREENSHOTS === '1') {
      await page.locator(id('check-in-poster')).screenshot({ path: path.join(SCREENSHOT_DIR, 'station-services-poster-print.png') });
    }
    // Chromium's own print (media left to it, as window.print() does): one sheet of A4, 595 × 842 points.
    await page.emulateMedia({ media: null });
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    expect(pdf.match(/\/Count \d+/g)).toEqual(['/Count 1']);
    expect(pdf).toMatch(/\/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]/);

    for (const rider of riderContexts) await rider.close();
    await context.close();
  });
});
