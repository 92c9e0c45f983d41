import { describe, expect, it } from 'vitest';
import { followRoll } from '../../src/modules/census/service/index.js';
import { makeIdNumber } from '../harness/members.js';
import { encodeGbk } from '../support/gbk.js';
import { consoleSignIn, desktopContext, screenshot, signedInPhone, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

// A street office's list of riders as it comes: GBK, its own headers, one 身份证号 Excel turned into
// 4.1E+17, one rider listed twice.
const RIDERS = 30;
const riderId = (i: number) => makeIdNumber('330603', '19960606', 300 + i);
const riderPhone = (i: number) => `186${String(57_500_000 + i).slice(-8)}`;
const NAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏';
function riders(): Buffer {
  const lines = ['序号,姓名,公民身份号码,手机号码,从业类型,所属平台,所在街道'];
  for (let i = 0; i < RIDERS; i++) {
    const idText = i === 7 ? '4.1E+17' : riderId(i);
    lines.push(`${i + 1},${NAMES.charAt(i)}小${'一二三四五六七八九十'.charAt(i % 10)},${idText},${riderPhone(i)},外卖骑手,美团,柯桥街道`);
    if (i === 12) lines.push('');
  }
  lines.push(`${RIDERS + 1},${NAMES.charAt(3)}小四,${riderId(3)},${riderPhone(3)},外卖骑手,美团,柯桥街道`);
  return encodeGbk(lines.join('\r\n'));
}

describe('the census in the console', () => {
  const e2e = useBrowserAndServer();

  it('a street office’s list is uploaded, mapped and counted, the dashboard shows it, an invited rider joins from the SMS link and coverage rises', async () => {
    const { server, browser } = e2e;
    const context = await desktopContext(browser, server.url);
    const page = await context.newPage();
    await consoleSignIn(page, 'keqiao');
    // The console opens on the coverage dashboard.
    await page.locator(id('census-dashboard')).waitFor();
    const kpi = async (name: string) =>
      Number(((await page.locator(`${id(`census-kpi-${name}`)} .ant-statistic-content`).textContent()) ?? '').replace(/[^\d]/g, ''));
    await page.locator(`${id('census-kpi-census')} .ant-statistic-content`).waitFor();
    const before = { census: await kpi('census'), members: await kpi('members') };
    expect(before.census).toBeGreaterThan(1_472);

    // 1. The list: a new source, the file, the mapping the server offers, the progress, the result.
    await page.click(id('census-tab-lists'));
    await page.locator(id('census-upload')).waitFor();
    await page.click(id('census-source-new'));
    await page.fill(id('census-source-name'), '柯桥街道办事处');
    await page.click(id('census-source-kind'));
    await page.click('.ant-select-item-option[title="其他"]');
    await page.click(id('census-source-ok'));
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    await page.setInputFiles(`${id('census-upload-file')} input[type=file]`, {
      name: '柯桥街道外卖骑手名单.csv',
      mimeType: 'text/csv',
      buffer: riders(),
    });
    await page.click(id('census-upload-next'));
    await page.locator(id('import-mapping')).waitFor();
    expect(await page.locator(`${id('import-mapping')} ${id('import-encoding')}`).textContent()).toContain('GBK');
    const chosen = async (field: string) =>
      (await page.locator(`${id(`mapping-${field}`)} .ant-select-content`).getAttribute('title'))?.trim();
    expect({
      name: await chosen('name'),
      idNumber: await chosen('idNumber'),
      phone: await chosen('phone'),
      trade: await chosen('trade'),
    }).toEqual({
      name: '姓名',
      idNumber: '公民身份号码',
      phone: '手机号码',
      trade: '从业类型',
    });
    await screenshot(page, 'census-import-mapping', { settleMs: 300 });
    await page.click(id('import-confirm'));
    await page.locator(`${id('census-list-status')}[data-status="completed"]`).waitFor({ timeout: 60_000 });
    const figure = async (name: string) =>
      ((await page.locator(`${id('census-list-result')} ${id(`census-list-${name}`)}`).textContent()) ?? '').replace(/[^\d]/g, '');
    expect({
      total: await figure('total'),
      written: await figure('written'),
      errors: await figure('errors'),
      repeats: await figure('fileDuplicates'),
    }).toEqual({
      total: String(RIDERS + 1),
      written: String(RIDERS - 1),
      errors: '1',
      repeats: '1',
    });
    expect(await page.locator(id('census-list-errors-download')).getAttribute('href')).toContain('/errors.csv');
    await screenshot(page, 'census-import', { settleMs: 300 });

    // 1b. The street sends its list again, corrected: same source, area and trade, so the mapping step
    // names the list it will replace and waits for the user to agree; the people are counted once still.
    await page.setInputFiles(`${id('census-upload-file')} input[type=file]`, {
      name: '柯桥街道外卖骑手名单（更正）.csv',
      mimeType: 'text/csv',
      buffer: riders(),
    });
    await page.click(id('census-upload-next'));
    await page.locator(id('import-mapping')).waitFor();
    await page.locator(id('census-replaces')).waitFor();
    expect(await page.locator(id('census-replaces')).textContent()).toContain('「柯桥街道外卖骑手名单.csv」');
    expect(await page.locator(id('census-replaces')).textContent()).toContain(`${RIDERS - 1} 人`);
    expect(await page.locator(id('import-confirm')).isDisabled()).toBe(true);
    // A trade for the whole list is another list of the source: nothing replaced; without it, asked again.
    await page.click(id('census-mapping-trade'));
    await page.click('.ant-select-item-option[title="网约送餐员"]');
    await page.locator(id('census-replaces')).waitFor({ state: 'detached' });
    await expect.poll(() => page.locator(id('import-confirm')).isEnabled()).toBe(true);
    await page.hover(id('census-mapping-trade'));
    await page.click(`${id('census-mapping-trade')} .ant-select-clear`);
    await page.locator(id('census-replaces')).waitFor();
    expect(await page.locator(id('import-confirm')).isDisabled()).toBe(true);
    await screenshot(page, 'census-import-replaces', { settleMs: 300 });
    await page.click(id('census-replaces-confirm'));
    await expect.poll(() => page.locator(id('import-confirm')).isEnabled()).toBe(true);
    await page.click(id('import-confirm'));
    await page.locator(`${id('census-list-status')}[data-status="completed"]`, { hasText: '（更正）' }).waitFor({ timeout: 60_000 });
    expect(await figure('written')).toBe(String(RIDERS - 1));
    await page.click(id('census-lists-refresh'));
    await page.locator(id('census-lists-row'), { hasText: '柯桥街道外卖骑手名单.csv' }).locator(id('census-list-replaced')).waitFor();

    // 2. The dashboard counts them.
    await page.click(id('census-tab-dashboard'));
    await page.locator(`${id('census-kpi-census')} .ant-statistic-content`).waitFor();
    await expect.poll(() => kpi('census')).toBe(before.census + RIDERS - 1);
    await screenshot(page, 'census-dashboard', { settleMs: 1_000 });

    // 3. An invitation to rider 5 (through the API the outreach list calls), read from the dev inbox.
    const outreach = (await (
      await page.request.get('/api/console/census/people', { params: { region: '330603001', trade: 'food_delivery', limit: 200 } })
    ).json()) as {
      items: { id: string; phoneMasked: string | null }[];
      total: number;
      totalCapped: boolean;
    };
    expect(outreach).toMatchObject({ total: outreach.items.length, totalCapped: false });
    const invited = outreach.items.find((p) => p.phoneMasked === `${riderPhone(5).slice(0, 3)}****${riderPhone(5).slice(-4)}`);
    expect(invited).toBeDefined();
    const sent = await page.request.post('/api/console/census/invitations', {
      data: { personIds: [invited?.id], campaign: '2026年骑手入会集中行动' },
    });
    expect(await sent.json()).toMatchObject({ sent: 1 });
    const inbox = (await (await page.request.get('/api/dev/sms-inbox')).json()) as { items: { phone: string; text: string }[] };
    const message = inbox.items.find((m) => m.phone === riderPhone(5))?.text ?? '';
    const link = /https?:\/\/\S+\/join\?inv=[A-Za-z0-9_-]{22}/.exec(message)?.[0] ?? '';
    expect(link, message).not.toBe('');

    // 3b. The outreach tab of those riders: how many, when the rider was invited, and whom to assign them to.
    await page.goto('/console/census/outreach?region=330603001&trade=food_delivery');
    await page.locator(id('outreach-tab')).waitFor();
    await expect
      .poll(() => page.locator(id('outreach-total')).textContent())
      .toBe(`共 ${outreach.items.length.toLocaleString('zh-CN')} 人`);
    const invitedRow = page.locator(`${id('outreach-row')}[data-person-id="${invited?.id ?? ''}"]`);
    expect(await invitedRow.locator(id('outreach-row-last-invited')).textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.click(`${id('outreach-select')}[data-person-id="${invited?.id ?? ''}"]`);
    await page.click(id('outreach-assign'));
    await page.click(id('outreach-assign-staff'));
    const option = page.locator('.ant-select-item-option', { hasText: '柯桥街道工会干事（柯桥街道总工会）' });
    await option.waitFor();
    expect(await page.locator('.ant-select-item-option', { hasText: '越城区' }).count()).toBe(0);
    await option.click();
    await page.click(id('outreach-assign-ok'));
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    await expect.poll(() => invitedRow.textContent()).toContain('柯桥街道工会干事');
    await page.click(id('census-tab-dashboard'));
    await page.locator(`${id('census-kpi-members')} .ant-statistic-content`).waitFor();

    // 4. The rider opens it on a phone: the form is filled in but for the 身份证号.
    const phone = await signedInPhone(browser, server.url, riderPhone(5));
    const h5 = await phone.newPage();
    await h5.goto(new URL(link).pathname + new URL(link).search);
    await h5.locator(id('join-invitation')).waitFor();
    await expect.poll(async () => h5.inputValue(id('join-name'))).toBe(`${NAMES.charAt(5)}小六`);
    await screenshot(h5, 'census-h5-invited-join', { settleMs: 500 });
    await h5.fill(id('join-id-number'), riderId(5));
    await h5.locator(id('join-placement-union')).waitFor();
    await h5.click(id('join-submit'));
    await h5.waitForURL(/\/(membership|card)$/);

    // 5. The union approves; the census follows the roll (what the job census.follow-roll does every 10 s) and coverage rises.
    const pending = (await (await page.request.get('/api/console/member-applications')).json()) as { items: { id: string }[] };
    for (const application of pending.items) {
      expect((await page.request.post(`/api/console/member-applications/${application.id}/approve`, { data: {} })).status()).toBe(200);
    }
    await expect
      .poll(async () => {
        await followRoll(server.app.platform.db, server.app.platform);
        await page.click(id('census-refresh'));
        await page.waitForTimeout(300);
        return kpi('members');
      })
      .toBe(before.members + 1);
    const campaigns = (await (await page.request.get('/api/console/census/invitations/campaigns')).json()) as {
      items: { campaign: string; joined: number }[];
    };
    expect(campaigns.items).toEqual([expect.objectContaining({ campaign: '2026年骑手入会集中行动', joined: 1 })]);
    await context.close();
    await phone.close();
  });
});
