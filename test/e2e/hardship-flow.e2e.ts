// 困难帮扶 end to end, as issue 18 tells it: a courier applies from the H5 on his phone; 柯桥区总工会 records
// the home visit, reviews, publishes the notice and, once it has run, approves — the file appears in the
// list; 浙江 passes 送温暖 money down through 绍兴 to 柯桥, which pays him 送温暖慰问金 from it and names his
// two helpers; the balances of the province, the city and the district each move by exactly what went
// through them; he sees the aid and his helpers in 我的帮扶; a year later the daily review list tells his
// union he is due, and the periodic review finds him earning and 解困脱困 closes the file.
import type { APIRequestContext } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { listReviewsDue } from '../../src/modules/hardship/service/reminders.js';
import { shanghaiDay } from '../../src/platform/db/columns.js';
import { makeIdNumber } from '../harness/members.js';
import { chip, json, pickDay, pickRegion } from './h5-controls.js';
import { consoleSignIn, desktopContext, screenshot, signedInPhone, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;
const COURIER_PHONE = '13805751818';
const yuan = (n: number) => n * 100;

interface Figures {
  receivedFen: number;
  passedOnFen: number;
  spentFen: number;
  availableFen: number;
}
interface Tree {
  node: { org: { id: string }; own: Figures; subtree: Figures };
}

describe('困难帮扶 from application to 解困脱困', () => {
  const e2e = useBrowserAndServer();

  it('a courier applies in the H5, is filed, paid from money that came down from the province, sees it, and exits at review', async () => {
    const { browser, server } = e2e;
    const desk = await desktopContext(browser, server.url);
    const province = await desk.newPage();
    await consoleSignIn(province, 'zhejiang');
    const zhejiang: APIRequestContext = province.request;
    const keqiaoDesk = await desktopContext(browser, server.url);
    const page = await keqiaoDesk.newPage();
    await consoleSignIn(page, 'keqiao');
    const keqiao: APIRequestContext = page.request;
    const keqiaoOrg = (await json<{ org: { id: string } }>(await keqiao.get('/api/console/me'))).org;

    // 柯桥's 困难认定标准: 低保 1,000 yuan a month, the relative line at 1.5 ×, a notice of one day.
    await json(
      await keqiao.put(`/api/console/hardship-settings/${keqiaoOrg.id}`, { data: { minimumLivingFen: yuan(1_000), noticeDays: 1 } }),
    );

    // 1. The courier applies on his phone: himself, chronically ill since March, still working for 1,200 yuan a month.
    const phone = await signedInPhone(browser, server.url, COURIER_PHONE);
    const h5 = await phone.newPage();
    await h5.goto('/hardship/apply');
    await h5.locator(id('hardship-apply-page')).waitFor();
    await h5.fill(id('hardship-name'), '赵志刚');
    await h5.fill(id('hardship-id-number'), makeIdNumber('330621', '19800615', 731));
    await chip(h5, 'hardship-trade', '快递员');
    await pickRegion(h5, 'hardship-region', ['浙江省', '绍兴市', '柯桥区', '柯桥街道']);
    await h5.locator(`${id('hardship-union')}[data-state="ready"]`).waitFor();
    await chip(h5, 'hardship-member-0-health', '患慢性病');
    await h5.fill(id('hardship-member-0-income'), '1200');
    await chip(h5, 'hardship-causes', '因病');
    await pickDay(h5, 'hardship-since-illness', '2026-03-01');
    await h5.click(id('hardship-submit'));
    const submitted = h5.locator(id('hardship-submitted'));
    await submitted.waitFor();
    const fileId = (await submitted.getAttribute('data-id')) as string;
    const fileNumber = /档案号 (\S+)，/.exec((await submitted.textContent()) ?? '')?.[1] as string;
    expect(await h5.locator(`${id('hardship-file')}[data-id="${fileId}"]`).getAttribute('data-status')).toBe('applied');

    // 2. 柯桥区总工会 opens it (from the SMS's file number): visit, review (the rule says 相对困难: 1,200 is
    // above 低保, under 1,500's relative line).
    await page.goto(`/console/hardship/${fileId}`);
    await page.locator(id('hardship-action-visit')).waitFor();
    await page.click(id('hardship-action-visit'));
    await page.fill(id('hardship-visit-notes'), '租住城中村，本人患病仍坚持派件，收入不稳定');
    await page.click(id('hardship-visit-submit'));
    await page.getByText('已登记入户核查').waitFor();
    await page.click(id('hardship-action-review'));
    await page.fill(id('hardship-review-reason'), '入户核查属实，符合相对困难认定条件');
    await page.click(id('hardship-review-submit'));
    await page.getByText('审核通过：相对困难').waitFor();
    await page.click(id('hardship-action-publish'));
    await page.click(id('hardship-publish-submit'));
    await page.getByText('已发布公示').waitFor();

    // The notice's day passes (the server's clock cannot be moved, so its last day is: yesterday), then 审批建档.
    const yesterday = shanghaiDay(new Date(Date.now() - 86_400_000));
    await server.database.db.execute(sql`update hardship_file set notice_ends_on = ${yesterday} where id = ${fileId}`);
    await page.reload();
    await page.click(id('hardship-action-approve'));
    await page.click(id('hardship-approve-submit'));
    await page.getByText('已建档，下次复核').waitFor();
    await page.goto('/console/hardship');
    const row = page.locator(id(`hardship-row-${fileId}`));
    await expect.poll(() => row.locator(id('hardship-status')).textContent()).toBe('已建档');
    expect(await row.textContent()).toContain(fileNumber);

    // 3. The money: 浙江 passes 10,000 yuan of 送温暖资金 to 绍兴, 绍兴 passes it on to 柯桥.
    const fund = (await json<{ items: { id: string; name: string }[] }>(await zhejiang.get('/api/console/funds'))).items.find(
      (f) => f.name === '送温暖资金',
    ) as { id: string };
    const orgs = await json<{ items: { id: string; name: string }[] }>(
      await zhejiang.get(`/api/console/orgs?q=${encodeURIComponent('绍兴市总工会')}`),
    );
    const city = orgs.items.find((o) => o.name === '绍兴市总工会') as { id: string };
    const provinceId = (await json<{ org: { id: string } }>(await zhejiang.get('/api/console/me'))).org.id;
    const tree = async (orgId: string) => (await json<Tree>(await zhejiang.get(`/api/console/funds/${fund.id}?orgId=${orgId}`))).node;
    const before = { province: await tree(provinceId), city: await tree(city.id), keqiao: await tree(keqiaoOrg.id) };
    for (const [fromOrgId, toOrgId] of [
      [provinceId, city.id],
      [city.id, keqiaoOrg.id],
    ]) {
      await json(
        await zhejiang.post(`/api/console/funds/${fund.id}/allocations`, { data: { fromOrgId, toOrgId, amountFen: yuan(10_000) } }),
      );
    }

    // 4. 柯桥 pays him the province's 送温暖慰问金 (1,000 yuan) in a batch of its own, from its allocation.
    const items = await json<{ items: { id: string; name: string; orgId: string }[] }>(
      await keqiao.get(`/api/console/hardship-aid-items?orgId=${keqiaoOrg.id}`),
    );
    const item = items.items.find((i) => i.name === '送温暖慰问金') as { id: string };
    const batch = await json<{ id: string; totalFen: number }>(
      await keqiao.post('/api/console/hardship-aid-batches', {
        data: { orgId: keqiaoOrg.id, itemId: item.id, name: '春节送温暖（快递员）', aids: [{ fileId }] },
      }),
    );
    expect(batch.totalFen).toBe(yuan(1_000));
    await json(await keqiao.post(`/api/console/hardship-aid-batches/${batch.id}/pay`, { data: {} }));
    // And two helpers for his family (冀北 "2 对 1"), whom he will find in 我的帮扶.
    await json(
      await keqiao.put(`/api/console/hardship-files/${fileId}/helpers`, {
        data: {
          helpers: [
            { name: '柯桥区总工会 王干事', phone: '13905751234' },
            { name: '蓝领志愿者 陈丽', phone: '13905755678' },
          ],
        },
      }),
    );

    // 5. Every level moved by exactly what went through it.
    const after = { province: await tree(provinceId), city: await tree(city.id), keqiao: await tree(keqiaoOrg.id) };
    const delta = (a: Figures, b: Figures) => ({
      receivedFen: a.receivedFen - b.receivedFen,
      passedOnFen: a.passedOnFen - b.passedOnFen,
      spentFen: a.spentFen - b.spentFen,
      availableFen: a.availableFen - b.availableFen,
    });
    expect(delta(after.province.own, before.province.own)).toEqual({
      receivedFen: 0,
      passedOnFen: yuan(10_000),
      spentFen: 0,
      availableFen: -yuan(10_000),
    });
    expect(delta(after.city.own, before.city.own)).toEqual({
      receivedFen: yuan(10_000),
      passedOnFen: yuan(10_000),
      spentFen: 0,
      availableFen: 0,
    });
    expect(delta(after.keqiao.own, before.keqiao.own)).toEqual({
      receivedFen: yuan(10_000),
      passedOnFen: 0,
      spentFen: yuan(1_000),
      availableFen: yuan(9_000),
    });
    // Across the province the money only moved inside it, except the 1,000 yuan paid out.
    expect(delta(after.province.subtree, before.province.subtree)).toMatchObject({ spentFen: yuan(1_000), availableFen: -yuan(1_000) });
    // The district's page says the same as the API.
    await page.click(id('console-menu-funds'));
    await page.locator(id('funds-list')).getByRole('link', { name: '送温暖资金', exact: true }).click();
    const shown = `¥${(after.keqiao.own.availableFen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })}`;
    await expect.poll(() => page.locator(`${id('funds-own-available')} .ant-statistic-content`).textContent()).toBe(shown);

    // 6. He sees the aid in 我的帮扶.
    await h5.goto('/hardship');
    const card = h5.locator(`${id('hardship-file')}[data-id="${fileId}"]`);
    await expect.poll(() => card.getAttribute('data-status')).toBe('filed');
    expect(await card.locator(id('hardship-aid')).allTextContents()).toEqual([`送温暖慰问金${shanghaiDay(new Date())}¥1,000.00`]);
    // His helpers, each number a tap to call.
    expect(await card.locator(id('hardship-helper')).allTextContents()).toEqual([
      '柯桥区总工会 王干事13905751234',
      '蓝领志愿者 陈丽13905755678',
    ]);
    expect(
      await card
        .locator(`${id('hardship-helper')} a`)
        .first()
        .getAttribute('href'),
    ).toBe('tel:13905751234');
    await screenshot(h5, 'hardship-flow-h5-aid');

    // 7. A year on, his review falls due in ten days: the daily job lists it to his union, and 柯桥's files page
    // counts it and opens it from the reminder.
    const dueOn = shanghaiDay(new Date(Date.now() + 10 * 86_400_000));
    await server.database.db.execute(sql`update hardship_file set review_due_on = ${dueOn} where id = ${fileId}`);
    await listReviewsDue(server.database.db);
    await page.goto('/console/hardship');
    const reminder = page.locator('[data-testid^="hardship-reminder-"]', { hasText: '柯桥区快递行业工会联合会' });
    await reminder.getByRole('button', { name: /户 30 天内到期/ }).waitFor();
    expect(
      Number(await page.locator(`${id('hardship-overview-reviewsDue')} .ant-statistic-content-value`).textContent()),
    ).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'hardship-review-reminders');
    await reminder.getByRole('button', { name: /户 30 天内到期/ }).click();
    await page.locator(id(`hardship-row-${fileId}`)).waitFor();
    expect(
      await page
        .locator(`${id('hardship-filter-review')} .ant-select-content, ${id('hardship-filter-review')}`)
        .first()
        .textContent(),
    ).toContain('30 天内到期复核');

    // 8. The periodic review: he now earns 3,000 yuan a month, above the relative line; 解困脱困.
    await page.goto(`/console/hardship/${fileId}`);
    await page.click(id('hardship-action-periodicReview'));
    await page.fill(id('hardship-periodic-income-0'), '3000');
    await expect.poll(() => page.locator(id('hardship-periodic-per-capita')).textContent()).toBe('复核后人均月收入 3000 元');
    await page.click(id('hardship-periodic-exit'));
    await page.fill(id('hardship-periodic-reason'), '已稳定就业，月收入 3,000 元，超过相对困难线');
    await screenshot(page, 'hardship-periodic-review');
    await page.click(id('hardship-periodic-submit'));
    await page.getByText('复核完成，该户已解困脱困').waitFor();
    expect(await page.locator(id('hardship-explanation')).textContent()).toContain('人均月收入 3,000.00 元高于相对困难线 1,500.00 元');
    await h5.reload();
    await expect.poll(() => card.getAttribute('data-status')).toBe('exited');
    // The aid he received stays on his record.
    expect(await card.locator(id('hardship-aid')).count()).toBe(1);
  });
});
