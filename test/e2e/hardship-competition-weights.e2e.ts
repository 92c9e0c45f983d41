// 指标权重 of the 困难职工帮扶专项劳动竞赛 in the console: 柯桥's admin opens the weights from the ranking tab
// (浙江's, which the demo sets as 安徽 weighs its competition: 柯桥 inherits them by name, 100 in all, each
// indicator in the server's unit), is stopped before the server on a set of zeros and on a fraction, sees
// a refusal of the server's under the box it names, saves 30/0/20/20/10/10 (weights only: the server
// fixes the directions) with each share shown as it is typed, and the legend shows the new weights (the
// old scores flagged until the next calculation); a reload keeps them, the server answers them, and
// 重新计算 scores by them. 柯桥街道 now inherits them by name, and a hardship viewer of 柯桥 reads them
// without a way to change them. Last, 柯桥's admin drops them (恢复沿用上级设定): 浙江's apply again, by name.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { INDICATOR_CODES, type IndicatorCode } from '../../src/modules/hardship/rules.js';
import { newStaff } from '../../src/modules/staff/testing.js';
import { consoleSignIn, desktopContext, screenshot, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

/** The input of an antd box given its test id, whether the id sits on the input or on its wrapper. */
const input = (page: Page, testId: string): Locator => page.locator(`${id(testId)} input, input${id(testId)}`).first();

// The server's order, which the form lists them in.
const CODES = INDICATOR_CODES;
type Code = IndicatorCode;

interface Competition {
  indicators: { code: Code; weight: number; better: 'higher' | 'lower'; unit: string }[];
  orgId: string | null;
  orgName: string | null;
}

// 浙江's weights, which the demo sets and 柯桥 inherits until it has its own.
const ZHEJIANG = {
  files_per_10k_members: '权重 20',
  median_days_to_first_aid: '权重 25',
  reviews_on_time_share: '权重 15',
  funds_spent_share: '权重 20',
  callback_satisfaction: '权重 10',
  exits_share: '权重 10',
};

/** Calls the console API from the signed-in page (same origin, its session), as the page itself would. */
async function get<T>(page: Page, path: string): Promise<T> {
  const result = await page.evaluate(async (url) => {
    const response = await fetch(url);
    return { status: response.status, json: await response.json() };
  }, path);
  expect(result.status, JSON.stringify(result.json)).toBe(200);
  return result.json as T;
}

/** Types the weights into the form's boxes, in the indicators' order. */
async function typeWeights(page: Page, weights: readonly (number | string)[]): Promise<void> {
  for (const [i, code] of CODES.entries()) await input(page, `weights-input-${code}`).fill(String(weights[i]));
}

/** The weight tags of the ranking's legend, by indicator. */
async function legendWeights(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const code of CODES) {
    out[code] = (await page.locator(`${id(`ranking-legend-${code}`)} ${id('ranking-legend-weight')}`).textContent()) ?? '';
  }
  return out;
}

/** Waits for the success toasts to go, so that a picture shows the page rather than the last message. */
async function quiet(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
}

describe('the competition’s indicator weights in the console', () => {
  const e2e = useBrowserAndServer();

  it('柯桥’s admin replaces the weights it inherits (zeros and fractions stopped in the form, the server’s refusal under its box), the legend shows them until the next calculation scores by them, a reload and the API keep them, 柯桥街道 inherits them, a viewer only reads them, and dropping them inherits 浙江’s again', async () => {
    const { server, browser } = e2e;
    const desk = await desktopContext(browser, server.url);
    const page = await desk.newPage();
    await consoleSignIn(page, 'keqiao');
    const me = await get<{ org: { id: string; name: string } }>(page, '/api/console/me');
    expect(me.org.name).toBe('柯桥区总工会');
    const puts: string[] = [];
    const deletes: string[] = [];
    page.on('request', (request) => {
      if (!request.url().includes('/api/console/hardship-competition/')) return;
      if (request.method() === 'PUT') puts.push(request.postData() ?? '');
      if (request.method() === 'DELETE') deletes.push(request.url());
    });

    // 1. 竞赛排名 of 柯桥's streets, scored by 浙江's weights: a union above 柯桥's reach, named all the same.
    await page.click(id('console-menu-hardship'));
    await page.click(id('hardship-tab-ranking'));
    await page.locator(id('ranking-legend')).waitFor();
    await expect.poll(() => page.locator(id('ranking-legend-source')).textContent()).toBe('权重：沿用上级「浙江省总工会」的设定');
    expect(await legendWeights(page)).toEqual(ZHEJIANG);
    expect(await page.locator(id('ranking-weights-pending')).count()).toBe(0);
    // Each indicator in the server's unit: in the legend, and after every figure in the table.
    const legendUnit = (code: Code) => page.locator(`${id(`ranking-legend-${code}`)} ${id('ranking-legend-unit')}`).textContent();
    expect(await legendUnit('files_per_10k_members')).toBe('单位：份/万名会员');
    expect(await legendUnit('median_days_to_first_aid')).toBe('单位：天');
    expect(await legendUnit('exits_share')).toBe('单位：%');
    const figures = async (code: Code) =>
      page.locator(`${id('ranking-table')} ${id(`ranking-part-${code}`)} ${id('ranking-value')}`).allTextContents();
    expect((await figures('files_per_10k_members')).length).toBeGreaterThan(0);
    for (const figure of await figures('files_per_10k_members')) expect(figure).toMatch(/^(\d+(\.\d+)? 份\/万名会员|—)$/);
    for (const figure of await figures('reviews_on_time_share')) expect(figure).toMatch(/^(\d+(\.\d)?%|—)$/);

    // 2. The form: every indicator at the weight it has now, 100 in all, and whose weights they are.
    expect(await page.locator(id('ranking-weights')).textContent()).toBe('设置指标权重');
    await page.click(id('ranking-weights'));
    const form = page.locator(id('weights-form'));
    await form.waitFor();
    expect(await page.locator(id('weights-source')).getAttribute('data-source')).toBe('inherited');
    expect(await page.locator(id('weights-source')).textContent()).toContain('柯桥区总工会现在采用的权重：沿用上级「浙江省总工会」的设定');
    const shown: string[] = [];
    for (const code of CODES) shown.push(await input(page, `weights-input-${code}`).inputValue());
    expect(shown).toEqual(['20', '25', '15', '20', '10', '10']);
    const units: string[] = [];
    for (const code of CODES) units.push((await page.locator(id(`weights-unit-${code}`)).textContent()) ?? '');
    expect(units).toEqual(['份/万名会员', '天', '%', '%', '分', '%']);
    // Inherited weights are not 柯桥's to drop.
    expect(await page.locator(id('weights-reset')).count()).toBe(0);
    expect(await page.locator(id('weights-total')).textContent()).toBe('100');
    expect(await page.locator(id('weights-share-median_days_to_first_aid')).textContent()).toBe('25%');
    expect(await page.locator(id('weights-share-exits_share')).textContent()).toBe('10%');

    // 3. All zero: refused in the form, in the server's words, and nothing is sent.
    await typeWeights(page, [0, 0, 0, 0, 0, 0]);
    await page.locator(id('weights-all-zero')).getByText('至少要有一项指标的权重大于 0').waitFor();
    expect(await page.locator(id('weights-share-exits_share')).textContent()).toBe('—');
    await page.click(id('weights-submit'));
    await page.waitForTimeout(300);
    expect(puts).toEqual([]);
    expect(await form.isVisible()).toBe(true);

    // A fraction, a weight above 100 and an empty box: each refused under its own box.
    await typeWeights(page, [30, 0, 20.5, 101, '', 10]);
    await page.locator(id('weights-row-reviews_on_time_share')).getByText('权重应为 0 到 100 之间的整数').waitFor();
    await page.locator(id('weights-row-funds_spent_share')).getByText('权重应为 0 到 100 之间的整数').waitFor();
    await page.locator(id('weights-row-callback_satisfaction')).getByText('请填写权重（不计分填 0）').waitFor();
    expect(await page.locator(id('weights-total')).textContent()).toBe('—');
    expect(await page.locator(id('weights-all-zero')).count()).toBe(0);
    await page.click(id('weights-submit'));
    await page.waitForTimeout(300);
    expect(puts).toEqual([]);

    // 4. The new weights, shared out as they are typed: 30, 0, 20, 20, 10, 10 of 90.
    await typeWeights(page, [30, 0, 20, 20, 10, 10]);
    await expect.poll(() => page.locator(id('weights-total')).textContent()).toBe('90');
    const shares: string[] = [];
    for (const code of CODES) shares.push((await page.locator(id(`weights-share-${code}`)).textContent()) ?? '');
    expect(shares).toEqual(['33.3%', '不计分', '22.2%', '22.2%', '11.1%', '11.1%']);
    await expect.poll(() => page.locator(`${id('weights-form')} .ant-form-item-explain-error`).count()).toBe(0);
    await input(page, 'weights-input-exits_share').blur();

    // The server's own refusal lands under the box it names: the request is changed on its way so that
    // the server sees 101 for 按期复核率 (the form would not send it), and answers in its words.
    await page.route('**/api/console/hardship-competition/*', async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      const body = JSON.parse(route.request().postData() ?? '{}') as Competition;
      const changed = body.indicators.map((i) => (i.code === 'reviews_on_time_share' ? { ...i, weight: 101 } : i));
      await route.continue({ postData: JSON.stringify({ indicators: changed }) });
    });
    await page.click(id('weights-submit'));
    await page.locator(id('weights-error')).waitFor();
    await page.locator(id('weights-row-reviews_on_time_share')).getByText('权重应为 0 到 100 之间的整数').waitFor();
    await expect.poll(() => page.locator(`${id('weights-form')} .ant-form-item-explain-error`).count()).toBe(1);
    await page.unroute('**/api/console/hardship-competition/*');
    // Typing in the box clears the server's word on it.
    await input(page, 'weights-input-reviews_on_time_share').fill('21');
    await input(page, 'weights-input-reviews_on_time_share').fill('20');
    await expect.poll(() => page.locator(`${id('weights-form')} .ant-form-item-explain-error`).count()).toBe(0);

    // 5. Saved: the legend shows the new weights, and that the scores on screen are still the old ones'.
    puts.length = 0;
    await page.click(id('weights-submit'));
    await page.getByText('已保存柯桥区总工会的指标权重，下次计算排名时生效').waitFor();
    await form.waitFor({ state: 'detached' });
    // Weights only: the server fixes each indicator's direction itself.
    expect(puts.map((p) => JSON.parse(p) as unknown)).toEqual([
      {
        indicators: [
          { code: 'files_per_10k_members', weight: 30 },
          { code: 'median_days_to_first_aid', weight: 0 },
          { code: 'reviews_on_time_share', weight: 20 },
          { code: 'funds_spent_share', weight: 20 },
          { code: 'callback_satisfaction', weight: 10 },
          { code: 'exits_share', weight: 10 },
        ],
      },
    ]);
    const saved = {
      files_per_10k_members: '权重 30',
      median_days_to_first_aid: '不计分',
      reviews_on_time_share: '权重 20',
      funds_spent_share: '权重 20',
      callback_satisfaction: '权重 10',
      exits_share: '权重 10',
    };
    await expect.poll(() => legendWeights(page)).toEqual(saved);
    expect(await page.locator(id('ranking-legend-source')).textContent()).toBe('权重：本级设定');
    expect(await page.locator(id('ranking-weights-pending')).textContent()).toContain('点击「重新计算」');
    expect(await page.locator(`${id('ranking-legend-median_days_to_first_aid')} ${id('ranking-legend-was')}`).textContent()).toBe(
      '本次排名按权重 25',
    );
    expect(await page.locator(id('ranking-legend')).textContent()).toContain('权重合计（90）');
    await quiet(page);

    // 6. A reload keeps them; the server answers them as 柯桥's own.
    await page.reload();
    await page.locator(id('ranking-legend')).waitFor();
    await expect.poll(() => legendWeights(page)).toEqual(saved);
    await page.locator(id('ranking-weights-pending')).waitFor();
    const competition = await get<Competition>(page, `/api/console/hardship-competition/${me.org.id}`);
    expect([competition.orgId, competition.orgName]).toEqual([me.org.id, '柯桥区总工会']);
    expect(Object.fromEntries(competition.indicators.map((i) => [i.code, i.weight]))).toEqual({
      files_per_10k_members: 30,
      median_days_to_first_aid: 0,
      reviews_on_time_share: 20,
      funds_spent_share: 20,
      callback_satisfaction: 10,
      exits_share: 10,
    });
    await page.click(id('ranking-weights'));
    expect(await page.locator(id('weights-source')).getAttribute('data-source')).toBe('own');
    expect(await page.locator(id('weights-source')).textContent()).toContain('柯桥区总工会现在采用的权重：本级设定');
    expect(await input(page, 'weights-input-files_per_10k_members').inputValue()).toBe('30');
    // Its own weights, which the admin may drop; the picture shows them with each share.
    await page.locator(id('weights-reset')).waitFor();
    await screenshot(page, 'hardship-competition-weights', { settleMs: 300 });
    await page.click(id('weights-cancel'));
    await form.waitFor({ state: 'detached' });

    // 7. 重新计算 scores by them: the flag goes, and the columns carry the new weights.
    await page.click(id('ranking-refresh'));
    await page.locator(id('ranking-weights-pending')).waitFor({ state: 'detached' });
    await expect.poll(() => page.locator(`${id('ranking-table')} thead`).textContent()).toContain('权重 30');

    // 8. 柯桥街道 has none of its own: it takes 柯桥's, and says whose.
    const street = (await get<{ items: { id: string; name: string }[] }>(page, '/api/console/orgs?q=柯桥街道总工会')).items[0];
    if (!street) throw new Error('the demo has 柯桥街道总工会');
    await page.goto(`/console/hardship/ranking?org=${street.id}`);
    await expect.poll(() => page.locator(id('ranking-legend-source')).textContent()).toBe('权重：沿用上级「柯桥区总工会」的设定');
    await page.click(id('ranking-weights'));
    expect(await page.locator(id('weights-source')).getAttribute('data-source')).toBe('inherited');
    expect(await page.locator(id('weights-source')).textContent()).toContain(
      '柯桥街道总工会现在采用的权重：沿用上级「柯桥区总工会」的设定',
    );
    await page.click(id('weights-cancel'));

    // 9. A hardship viewer of 柯桥 reads the weights and has no way to change them.
    const viewer = await newStaff(server.app.platform.db, me.org, { hardship: 'viewer', orgs: 'viewer' });
    const viewerContext = await desktopContext(browser, server.url);
    await viewerContext.addCookies([{ name: 'gh_staff', value: viewer.token, url: server.url }]);
    const reader = await viewerContext.newPage();
    await reader.goto('/console/hardship/ranking');
    await reader.locator(id('ranking-legend')).waitFor();
    await expect.poll(() => legendWeights(reader)).toEqual(saved);
    expect(await reader.locator(id('ranking-weights')).textContent()).toBe('查看指标权重');
    await reader.click(id('ranking-weights'));
    await reader.locator(id('weights-form')).waitFor();
    expect(await reader.locator(id('weights-source')).textContent()).toContain('只有困难帮扶管理员可以修改指标权重');
    expect(await input(reader, 'weights-input-files_per_10k_members').isDisabled()).toBe(true);
    expect(await input(reader, 'weights-input-files_per_10k_members').inputValue()).toBe('30');
    expect(await reader.locator(id('weights-submit')).count()).toBe(0);
    expect(await reader.locator(id('weights-reset')).count()).toBe(0);
    await viewerContext.close();

    // 10. 柯桥's admin drops 柯桥's own weights (after a confirmation): 浙江's apply again, by name, in the
    // form and the legend, flagged until the next calculation, as after a save.
    await page.goto('/console/hardship/ranking');
    await expect.poll(() => page.locator(id('ranking-legend-source')).textContent()).toBe('权重：本级设定');
    expect(await page.locator(id('ranking-weights-pending')).count()).toBe(0);
    await page.click(id('ranking-weights'));
    await form.waitFor();
    await page.click(id('weights-reset'));
    await page.getByText('将删除柯桥区总工会本级设定的权重').waitFor();
    expect(deletes).toEqual([]);
    await page.click(id('weights-reset-confirm'));
    await page.getByText('柯桥区总工会的指标权重已改为沿用上级「浙江省总工会」的设定，下次计算排名时生效').waitFor();
    expect(deletes).toEqual([expect.stringContaining(`/api/console/hardship-competition/${me.org.id}`)]);
    await expect.poll(() => page.locator(id('weights-source')).getAttribute('data-source')).toBe('inherited');
    expect(await page.locator(id('weights-source')).textContent()).toContain('柯桥区总工会现在采用的权重：沿用上级「浙江省总工会」的设定');
    const inherited: string[] = [];
    for (const code of CODES) inherited.push(await input(page, `weights-input-${code}`).inputValue());
    expect(inherited).toEqual(['20', '25', '15', '20', '10', '10']);
    expect(await page.locator(id('weights-total')).textContent()).toBe('100');
    expect(await page.locator(id('weights-reset')).count()).toBe(0);
    await page.click(id('weights-cancel'));
    await form.waitFor({ state: 'detached' });
    expect(await page.locator(id('ranking-legend-source')).textContent()).toBe('权重：沿用上级「浙江省总工会」的设定');
    expect(await legendWeights(page)).toEqual(ZHEJIANG);
    expect(await page.locator(id('ranking-weights-pending')).textContent()).toContain('点击「重新计算」');
    const after = await get<Competition>(page, `/api/console/hardship-competition/${me.org.id}`);
    expect(after.orgName).toBe('浙江省总工会');
    expect(after.orgId).not.toBe(me.org.id);
    await desk.close();
  });
});
