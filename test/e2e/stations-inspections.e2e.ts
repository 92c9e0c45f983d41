import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/platform/time/shanghai.js';
import { consoleSignIn, desktopContext, screenshot, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

/**
 * A photo as a camera would give it, drawn by the browser itself: a station's front with its uniform
 * sign, 2400×1600 (bigger than the console keeps, so the upload is shrunk first), saved as a JPEG.
 */
async function drawPhoto(page: Page, dir: string, name: string, sign: string, hue: number): Promise<string> {
  // Run in the page as text: this project's types have no DOM (the server's tsconfig).
  const dataUrl = await page.evaluate<string>(`(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 2400;
    canvas.height = 1600;
    const g = canvas.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 0, 1600);
    sky.addColorStop(0, 'hsl(${hue}, 60%, 82%)');
    sky.addColorStop(1, 'hsl(${hue}, 30%, 94%)');
    g.fillStyle = sky;
    g.fillRect(0, 0, 2400, 1600);
    g.fillStyle = '#e8e2d6';
    g.fillRect(300, 420, 1800, 1180);
    g.fillStyle = '#c8102e';
    g.fillRect(420, 500, 1560, 260);
    g.fillStyle = '#fff';
    g.font = 'bold 150px sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(${JSON.stringify(sign)}, 1200, 635);
    g.fillStyle = '#5b6b7a';
    g.fillRect(980, 900, 440, 700);
    g.fillStyle = '#9fc3d9';
    g.fillRect(460, 900, 400, 360);
    g.fillRect(1540, 900, 400, 360);
    return canvas.toDataURL('image/jpeg', 0.92);
  })()`);
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.from(dataUrl.split(',')[1] ?? '', 'base64'));
  return file;
}

/** Waits for the success toasts to go, so that a picture shows the page rather than the last message. */
async function quiet(page: Page): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
}

describe('station inspections in the console', () => {
  const e2e = useBrowserAndServer();

  it('a district office photographs a station, records a visit with a failed required point, and sees it must be put right', async () => {
    const { server, browser } = e2e;
    const dir = mkdtempSync(path.join(tmpdir(), 'gonghui-inspections-'));
    const context = await desktopContext(browser, server.url);
    const page = await context.newPage();
    await consoleSignIn(page, 'keqiao');
    const today = shanghaiDay(new Date());
    const inTwoWeeks = shanghaiDay(new Date(Date.now() + 14 * 86_400_000));

    // A station of 柯桥 to inspect, placed through the API (the form has its own test).
    const placed = await page.request.post('/api/console/stations', {
      data: {
        orgId: (await (await page.request.get('/api/console/me')).json()).org.id,
        name: '柯桥笛扬路骑手之家',
        kind: 'rider_home',
        host: '中国铁塔柯桥分公司',
        address: '柯桥街道笛扬路 1 号',
        regionCode: '330603001',
        gcj02: { lng: 120.4926, lat: 30.0823 },
        hours: { alwaysOpen: true },
        amenities: ['water', 'rest', 'charging', 'microwave', 'first_aid'],
      },
    });
    expect(placed.status(), await placed.text()).toBe(201);
    const stationId = ((await placed.json()) as { id: string }).id;

    // 1. From the menu to the station, through the overview's search.
    await page.click(id('console-menu-stationInspections'));
    await page.locator(id('inspection-overview')).waitFor();
    await page.locator(`${id('inspection-overview-search')} input`).fill('笛扬路');
    await page.keyboard.press('Enter');
    await page.locator(id('inspection-overview-station'), { hasText: '柯桥笛扬路骑手之家' }).click();
    await page.locator(id('station-photos')).waitFor();

    // 2. Two photos: the front with its uniform sign, and the rest area. Shrunk in the browser before they go.
    const front = await drawPhoto(page, dir, 'front.jpg', '骑手之家 · 职工驿站', 205);
    const inside = await drawPhoto(page, dir, 'inside.jpg', '休息区 · 饮水 · 充电', 35);
    await page.setInputFiles(id('station-photo-input'), [front, inside]);
    await expect.poll(() => page.locator(id('station-photo')).count(), { timeout: 20_000 }).toBe(2);
    const photos = (await (await page.request.get(`/api/console/stations/${stationId}/photos`)).json()) as {
      items: { id: string; contentType: string; bytes: number }[];
    };
    expect(photos.items).toHaveLength(2);
    expect(photos.items[0]?.contentType).toBe('image/jpeg');
    // 2400 px came down to 1600 px: a few dozen KB, not the camera's size.
    expect(photos.items[0]?.bytes).toBeLessThan(400 * 1024);
    // Riders see them in the H5, from the public route.
    const shown = await page.request.get(`/api/member/stations/${stationId}/photos`);
    expect(((await shown.json()) as { items: unknown[] }).items).toHaveLength(2);
    // The caption of the first, written in place.
    await page
      .locator(`${id('station-photo')} .ant-typography-edit`)
      .first()
      .click();
    await page.keyboard.type('门头统一标识');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(id('station-photo')).first().textContent()).toContain('门头统一标识');
    await quiet(page);
    // Nothing left focused or hovered in the picture.
    await page.locator('.ant-card-head-title').first().click();
    await page.mouse.move(0, 0);
    await screenshot(page, 'stations-inspection-photos', { settleMs: 500 });

    // 3. A visit: everything passes but the first-aid kit, whose medicine has expired — a required point.
    await page.click(id('inspection-new'));
    await page.locator(id('inspection-form')).waitFor();
    expect(await page.locator(id('inspection-point')).count()).toBe(12);
    await page.click(id('inspection-all-pass'));
    // antd puts the test id on the radio's hidden input: its label is what a person clicks.
    await page.click(`label:has(${id('inspection-result-first_aid-fail')})`);
    await page.fill(id('inspection-note-first_aid'), '药箱内碘伏、创可贴已过期');
    await expect.poll(() => page.locator(id('inspection-preview')).textContent()).toContain('限期整改');
    // The record is refused without a date to put it right by; then the date is given.
    await page.click(id('inspection-submit'));
    await expect.poll(() => page.locator(id('inspection-form-error')).textContent()).toContain('整改');
    const rectifyBy = page.locator(`${id('inspection-rectify-by')} input, input${id('inspection-rectify-by')}`).first();
    await rectifyBy.click();
    await rectifyBy.fill(inTwoWeeks);
    await rectifyBy.press('Enter');
    await page.locator('textarea').first().fill('站长在岗，台账齐全，环境整洁');
    await page.setInputFiles(id('inspection-evidence-input'), [await drawPhoto(page, dir, 'kit.jpg', '急救药箱', 0)]);
    // The picture: the failed point near the top, the verdict and the date below it.
    await page.evaluate('document.activeElement?.blur()');
    await page.locator(`${id('inspection-point')}[data-code="first_aid"]`).evaluate((row) => row.scrollIntoView({ block: 'start' }));
    await page.evaluate('window.scrollBy(0, -16)');
    await page.mouse.move(0, 0);
    await screenshot(page, 'stations-inspection-form', { settleMs: 300 });
    await page.click(id('inspection-submit'));

    // 4. Back on the station: its latest visit says 限期整改 by the date given, with the kit's photo as evidence.
    await page.locator(id('inspection-entry')).first().waitFor();
    const entry = page.locator(id('inspection-entry')).first();
    expect(await entry.locator(id('inspection-conclusion')).getAttribute('data-conclusion')).toBe('rectify');
    expect(await entry.textContent()).toContain('急救药箱');
    expect(await entry.textContent()).toContain(`${inTwoWeeks} 前整改`);
    const history = (await (await page.request.get(`/api/console/stations/${stationId}/inspections`)).json()) as {
      items: { conclusion: string; rectifyBy: string; visitedOn: string; photos: unknown[] }[];
    };
    expect(history.items).toMatchObject([{ conclusion: 'rectify', rectifyBy: inTwoWeeks, visitedOn: today }]);
    expect(history.items[0]?.photos).toHaveLength(1);
    await quiet(page);
    await page.locator(id('inspection-history')).scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await screenshot(page, 'stations-inspection-history', { settleMs: 300 });

    // 5. The overview shows where the station stands; the standard is the platform's default.
    await page.click(id('console-menu-stationInspections'));
    await page.locator(`${id('inspection-overview-search')} input`).fill('笛扬路');
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        page
          .locator(`${id('inspection-overview')} ${id('inspection-conclusion')}`)
          .first()
          .getAttribute('data-conclusion'),
      )
      .toBe('rectify');
    await page.locator(`${id('inspection-overview-search')} input`).fill('');
    await page.keyboard.press('Enter');
    await page.evaluate('document.activeElement?.blur()');
    await page.mouse.move(0, 0);
    await screenshot(page, 'stations-inspection-overview', { settleMs: 500 });
    await page.click(id('inspection-standard-link'));
    await page.locator(id('station-standard-save')).waitFor();
    await screenshot(page, 'stations-inspection-standard', { settleMs: 300 });

    // 6. The station's own page (驿站) leads to its photos and inspections.
    await page.goto(`/console/stations/${stationId}`);
    await page.click(id('station-inspections-link'));
    await page.waitForURL(new RegExp(`/console/station-inspections/stations/${stationId}$`));
    await page.locator(id('inspection-entry')).first().waitFor();
    await context.close();
  });
});
