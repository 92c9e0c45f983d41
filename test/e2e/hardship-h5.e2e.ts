// 困难帮扶 on a phone: a rider who has not joined a union yet applies for his household of three from the
// H5 — his 柯桥 street union found from his trade and work place, the household's figures computed as
// he types, a mistyped income and a 身份证号 the server refuses shown under their fields, the area's
// missing 困难认定标准 explained in words a worker understands — and, once 柯桥区总工会 has set its
// standard, sees the file number and 已申请 in 我的帮扶.
import type { APIRequestContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/platform/db/columns.js';
import { makeIdNumber } from '../harness/members.js';
import { chip, choose, json, pickDay, pickRegion } from './h5-controls.js';
import { consoleSignIn, desktopContext, screenshot, signedInPhone, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;
const RIDER_PHONE = '13805752026';

async function fieldErrors(page: Page): Promise<string[]> {
  return page.locator('.adm-form-item-feedback-error').allTextContents();
}

describe('困难帮扶 in the H5', () => {
  const e2e = useBrowserAndServer();

  it('a rider applies for his household of three, is shown what to fix under each field, and follows his file in 我的帮扶', async () => {
    const { browser, server } = e2e;
    const desk = await desktopContext(browser, server.url);
    const consolePage = await desk.newPage();
    await consoleSignIn(consolePage, 'keqiao');
    const staff: APIRequestContext = consolePage.request;
    const keqiao = (await json<{ org: { id: string; name: string } }>(await staff.get('/api/console/me'))).org;
    expect(keqiao.name).toBe('柯桥区总工会');

    // 1. The rider, signed in with an SMS code, not a member: 我的帮扶 is empty and offers to apply.
    const phone = await signedInPhone(browser, server.url, RIDER_PHONE);
    const page = await phone.newPage();
    await page.goto('/');
    expect(await page.locator(`${id('member-tile-hardship')} .gh-tile-badge`).textContent()).toBe('在线申请');
    await page.click(id('member-entry-hardship'));
    await page.locator(id('hardship-files-empty')).waitFor();
    await page.click(id('hardship-files-apply'));
    await page.locator(id('hardship-apply-page')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/hardship/apply');

    // 2. Who he is. A number whose first digits are no region passes the form's own check (the region
    // table is the server's) and is refused by the server below.
    const idNumber = makeIdNumber('330621', '19850312', 517);
    const noRegion = makeIdNumber('990621', '19850312', 517);
    await page.fill(id('hardship-name'), '李明');
    await page.fill(id('hardship-id-number'), noRegion);

    // His union, found from his trade and work place as the join form finds it.
    await chip(page, 'hardship-trade', '网约送餐员');
    await pickRegion(page, 'hardship-region', ['浙江省', '绍兴市', '柯桥区', '柯桥街道']);
    const union = page.locator(`${id('hardship-union')}[data-state="ready"]`);
    await union.waitFor();
    expect(await page.locator(id('hardship-union-name')).textContent()).toBe('柯桥街道总工会');

    // 3. The household: himself (his age from the 身份证号), his wife who cannot work, their son at primary school.
    await expect.poll(() => page.locator(id('hardship-member-0-age')).inputValue()).toBe('41');
    await chip(page, 'hardship-member-0-health', '健康');
    await page.fill(id('hardship-member-0-income'), '2400.555');
    await page.click(id('hardship-member-add'));
    await page.fill(id('hardship-member-1-name'), '王秀英');
    await choose(page, 'hardship-member-1-relation', '配偶');
    await page.fill(id('hardship-member-1-age'), '39');
    await chip(page, 'hardship-member-1-health', '丧失劳动能力');
    await choose(page, 'hardship-member-1-schooling', '不在学（成年）');
    await page.fill(id('hardship-member-1-income'), '0');
    await page.click(id('hardship-member-add'));
    await page.fill(id('hardship-member-2-name'), '李小宝');
    await choose(page, 'hardship-member-2-relation', '子女');
    await page.fill(id('hardship-member-2-age'), '10');
    await chip(page, 'hardship-member-2-health', '健康');
    await choose(page, 'hardship-member-2-schooling', '小学');
    await page.fill(id('hardship-member-2-income'), '0');
    expect(await page.locator(id('hardship-household-size')).textContent()).toBe('3 人');

    // 4. 因病, since 1 March.
    await chip(page, 'hardship-causes', '因病');
    await pickDay(page, 'hardship-since-illness', '2026-03-01');
    // No sudden cause: no one-off burden asked for.
    expect(await page.locator(id('hardship-burden')).count()).toBe(0);

    // 5. Submitted with an income to a thousandth of a yuan: the form says so under that field.
    await page.click(id('hardship-submit'));
    await expect.poll(() => fieldErrors(page)).toEqual(['月收入不对：应为不小于 0 的金额，精确到分']);
    const income = page.locator('.adm-form-item', { has: page.locator(id('hardship-member-0-income')) });
    expect(await income.locator('.adm-form-item-feedback-error').textContent()).toBe('月收入不对：应为不小于 0 的金额，精确到分');
    expect(await page.locator(id('hardship-household-income')).textContent()).toBe('—');
    await page.fill(id('hardship-member-0-income'), '2400');
    await expect.poll(() => fieldErrors(page)).toEqual([]);
    expect(await page.locator(id('hardship-household-income')).textContent()).toBe('2,400 元');
    expect(await page.locator(id('hardship-household-per-capita')).textContent()).toBe('800 元');

    // 6. The server refuses the 身份证号's region: its words, under the field, and its title in the notice.
    await page.click(id('hardship-submit'));
    const problem = page.locator(id('hardship-apply-problem'));
    await expect.poll(() => problem.textContent()).toContain('困难档案填写有误，请检查标出的 1 处');
    const idField = page.locator('.adm-form-item', { has: page.locator(id('hardship-id-number')) });
    await expect.poll(() => idField.locator('.adm-form-item-feedback-error').textContent()).toBe('身份证号的前 6 位不是有效的地区代码');
    await page.fill(id('hardship-id-number'), idNumber);

    // 7. 柯桥 has not set its 困难认定标准 yet: the worker is told what that means for him, not where staff set it.
    await page.click(id('hardship-submit'));
    await expect.poll(() => problem.getAttribute('data-kind')).toBe('threshold');
    const thresholdText = (await problem.textContent()) ?? '';
    expect(thresholdText).toContain('柯桥街道总工会暂未开通线上困难帮扶申请');
    expect(thresholdText).not.toContain('困难帮扶设置');
    expect(await fieldErrors(page)).toEqual([]);

    // 8. 柯桥区总工会 sets it (低保 1,000 yuan, the relative line at 1.5 ×, 5 days of notice); the streets below inherit it.
    const settings = await staff.put(`/api/console/hardship-settings/${keqiao.id}`, {
      data: { minimumLivingFen: 100_000, relativeMultiple: 1.5, noticeDays: 5 },
    });
    expect(settings.status(), await settings.text()).toBe(200);

    await expect.poll(() => page.locator('.adm-toast-mask:visible').count(), { timeout: 10_000 }).toBe(0);
    // The picture: the last person's income, the household's figures as computed, the cause and its day.
    await page.locator(id('hardship-member-add')).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate('window.scrollBy(0, -130)');
    await screenshot(page, 'hardship-h5-apply', { settleMs: 300 });

    // 9. Submitted again: the file number, 已申请, in 我的帮扶.
    await page.click(id('hardship-submit'));
    const submitted = page.locator(id('hardship-submitted'));
    await submitted.waitFor();
    expect(new URL(page.url()).pathname).toBe('/hardship');
    const card = page.locator(id('hardship-file')).first();
    const fileNumber = (await card.locator(id('hardship-file-number')).textContent()) ?? '';
    expect(fileNumber).toMatch(/^KN330603\d{10}$/);
    expect(await submitted.textContent()).toContain(fileNumber);
    expect(await submitted.textContent()).toContain('已申请');
    expect(await card.getAttribute('data-status')).toBe('applied');
    expect(await card.locator(id('hardship-file-status')).textContent()).toBe('已申请');
    expect(await card.locator(id('hardship-file-union')).textContent()).toBe('柯桥街道总工会');
    expect(await card.locator(id('hardship-file-category')).textContent()).toBe('深度困难（以工会审核为准）');
    expect(await card.locator(id('hardship-step')).evaluateAll((steps) => steps.map((s) => s.getAttribute('data-kind')))).toEqual([
      'applied',
    ]);
    expect(await card.locator(id('hardship-file-next')).textContent()).toContain('上门核实');
    await expect.poll(() => page.locator('.adm-toast-mask:visible').count(), { timeout: 10_000 }).toBe(0);
    await screenshot(page, 'hardship-h5-status', { settleMs: 300 });

    // The union has it, as he entered it: three people, 2,400 yuan, 800 a head under the 1,000 低保 line.
    const files = await json<{ items: { id: string; fileNumber: string; orgName: string; householdSize: number; channel: string }[] }>(
      await staff.get('/api/console/hardship-files'),
    );
    const file = files.items.find((f) => f.fileNumber === fileNumber);
    expect(file).toMatchObject({ orgName: '柯桥街道总工会', householdSize: 3, channel: 'h5' });
    const detail = await json<{
      household: {
        perCapitaFen: number;
        declaredMonthlyIncomeFen: number;
        causes: { cause: string; since: string }[];
        members: { relation: string; age: number; health: string; schooling: string; monthlyIncomeFen: number }[];
      };
    }>(await staff.get(`/api/console/hardship-files/${file?.id ?? ''}`));
    expect(detail.household).toMatchObject({
      perCapitaFen: 80_000,
      declaredMonthlyIncomeFen: 240_000,
      causes: [{ cause: 'illness', since: '2026-03-01' }],
    });
    expect(
      detail.household.members.map(({ relation, age, health, schooling, monthlyIncomeFen }) => ({
        relation,
        age,
        health,
        schooling,
        monthlyIncomeFen,
      })),
    ).toEqual([
      { relation: 'self', age: 41, health: 'healthy', schooling: 'not_applicable', monthlyIncomeFen: 240_000 },
      { relation: 'spouse', age: 39, health: 'unable_to_work', schooling: 'not_applicable', monthlyIncomeFen: 0 },
      { relation: 'child', age: 10, health: 'healthy', schooling: 'primary', monthlyIncomeFen: 0 },
    ]);

    // 10. The union visits and passes the file: the steps and the review's reason reach 我的帮扶, the visitors' notes do not.
    const visit = await staff.post(`/api/console/hardship-files/${file?.id ?? ''}/visit`, {
      data: {
        visitedOn: shanghaiDay(new Date()),
        visitors: ['王丽', '陈刚'],
        checklist: [{ item: '家庭成员与申请一致', ok: true }],
        notes: '邻居反映其配偶长期卧床',
      },
    });
    expect(visit.status(), await visit.text()).toBe(200);
    const review = await staff.post(`/api/console/hardship-files/${file?.id ?? ''}/review`, {
      data: { decision: 'pass', reason: '人均月收入 800 元，低于低保标准 1,000 元' },
    });
    expect(review.status(), await review.text()).toBe(200);
    await page.reload();
    await card.waitFor();
    expect(await card.locator(id('hardship-file-status')).textContent()).toBe('审核通过');
    expect(await card.locator(id('hardship-file-category')).textContent()).toBe('深度困难');
    expect(await card.locator(id('hardship-step')).evaluateAll((steps) => steps.map((s) => s.getAttribute('data-kind')))).toEqual([
      'applied',
      'visited',
      'reviewed',
    ]);
    const steps = (await card.locator(id('hardship-file-steps')).textContent()) ?? '';
    expect(await page.locator(id('hardship-submitted')).count()).toBe(0);
    expect(steps).toContain('说明：人均月收入 800 元，低于低保标准 1,000 元');
    expect(steps).not.toContain('卧床');
    expect(await card.locator(id('hardship-file-next')).textContent()).toContain('公示');

    await page.close();
    await phone.close();
    await desk.close();
  });
});
