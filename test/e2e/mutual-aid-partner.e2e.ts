import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeIdNumber, newMember } from '../../src/modules/members/testing.js';
import { newPartner } from '../../src/modules/partners/testing.js';
import { shanghaiDay } from '../../src/platform/db/columns.js';
import { consoleSignIn, desktopContext, screenshot, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

interface Discharge {
  idNumber: string;
  name: string;
  ref: string;
  total: string;
  selfPaid: string;
  inScope: string;
  aboveCeiling: string;
}

/** Types a discharge into 出院结算 as the clerk would (admitted and discharged today) and submits it. */
async function settle(page: Page, d: Discharge, today: string): Promise<void> {
  await page.fill(id('partner-aid-id-number'), d.idNumber);
  await page.fill(id('partner-aid-name'), d.name);
  await page.fill(id('partner-aid-settlement-ref'), d.ref);
  // antd's date box takes a typed day on Enter; Enter moves on and never submits the form.
  for (const box of ['partner-aid-admitted-on', 'partner-aid-discharged-on']) {
    await page.fill(id(box), today);
    await page.press(id(box), 'Enter');
  }
  expect(await page.locator(`${id('partner-aid-total')}:focus`).count()).toBe(1);
  await page.fill(id('partner-aid-total'), d.total);
  await page.fill(id('partner-aid-self-paid'), d.selfPaid);
  await page.fill(id('partner-aid-in-scope'), d.inScope);
  await page.fill(id('partner-aid-above-ceiling'), d.aboveCeiling);
  await page.click(id('partner-aid-submit'));
}

/** The pictures start at the sections' tabs, the form and its answer below them. */
async function toTabs(page: Page): Promise<void> {
  await page.locator(id('partner-sections')).evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

/** The answer once it has come (not the spinner between two answers). */
async function answer(page: Page): Promise<{ state: string | null; refusal: string | null }> {
  const result = page.locator(`${id('partner-aid-result')}:not([data-state="pending"])`);
  await result.waitFor();
  return { state: await result.getAttribute('data-state'), refusal: await result.getAttribute('data-refusal') };
}

describe('一单式 settlement on the partner page', () => {
  const e2e = useBrowserAndServer();

  it('a hospital settles a discharge, re-settles it with corrected figures, is refused a duplicate, and reconciles the day', async () => {
    const { server } = e2e;
    const p = server.app.platform;
    const today = shanghaiDay(new Date());

    // 1. 绍兴市总工会's plan (50% of in-scope self-paid twice a year; 40% above the ceiling up to 5,000
    //    yuan), written by the province's admin.
    const desk = await desktopContext(e2e.browser, server.url);
    const staff = await desk.newPage();
    await consoleSignIn(staff, 'zhejiang');
    const orgOf = async (name: string) =>
      (
        (await (await staff.request.get('/api/console/orgs', { params: { q: name } })).json()) as {
          items: { id: string; path: string; name: string }[];
        }
      ).items.find((o) => o.name === name);
    const city = await orgOf('绍兴市总工会');
    const keqiao = await orgOf('柯桥区总工会');
    if (!city || !keqiao) throw new Error('the demo tree has no 绍兴 or 柯桥');
    const plan = await staff.request.post('/api/console/mutual-aid-plans', {
      data: {
        orgId: city.id,
        name: '绍兴市职工医疗互助保障',
        code: 'SXYL',
        rule: {
          pricePerShareFen: 11_000,
          maxShares: 1,
          waitingDays: 0,
          eligibility: { minAge: 16, maxAge: 60, employed: true },
          benefits: [
            { kind: 'hospital', ratePct: 50, timesPerCycle: 2 },
            { kind: 'above_ceiling', ratePct: 40, timesPerCycle: 1, capFen: 500_000 },
          ],
        },
        startOn: '2026-01-01',
        secondReviewAboveFen: 1_000_000,
        samplePct: 0,
      },
    });
    expect(plan.status(), await plan.text()).toBe(201);
    const planId = ((await plan.json()) as { id: string }).id;
    await staff.close();

    // 2. A 柯桥 rider enrols through the H5's API (the test server's payment provider pays at once).
    const patient = { idNumber: makeIdNumber('330621', '19880312', 131), name: '王建军' };
    const member = await newMember(p, { ...patient, trade: 'food_delivery', workRegionCode: '330603001' });
    const enrolled = await fetch(`${server.url}/api/member/mutual-aid/enrolments`, {
      method: 'POST',
      headers: { cookie: member.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ planId, relation: 'self', insured: patient, shares: 1, employed: true, healthDeclared: true }),
    });
    expect(enrolled.status, await enrolled.clone().text()).toBe(201);
    expect(((await enrolled.json()) as { enrolment: { status: string } }).enrolment.status).toBe('active');

    // 3. 柯桥区人民医院 and its key; the page opens a hospital on 出院结算.
    const { key } = await newPartner(p, keqiao, { kind: 'hospital', name: '柯桥区人民医院' });
    const page = await desk.newPage();
    await page.goto('/partner/');
    await page.fill(id('partner-key-id'), key.keyId);
    await page.fill(id('partner-secret'), key.secret);
    await page.click(id('partner-sign-in-submit'));
    await page.locator(id('partner-aid-settle-form')).waitFor();
    expect(await page.locator(id('partner-section-reconciliation')).count()).toBe(1);
    expect(await page.locator(id('partner-aid-settlement-ref-help')).textContent()).toContain('重新结算');

    // Someone not enrolled: refused, and the clerk is told the patient pays the bill.
    const stranger = { idNumber: makeIdNumber('330621', '19900101', 555), name: '李明' };
    await settle(page, { ...stranger, ref: 'ZY-NONE-1', total: '8000', selfPaid: '3000', inScope: '3000', aboveCeiling: '0' }, today);
    expect(await answer(page)).toEqual({ state: 'refused', refusal: 'not_covered' });
    expect(await page.locator(id('partner-aid-problem')).getAttribute('data-code')).toBe('mutual-aid.not_covered');
    expect(await page.locator(id('partner-aid-result')).textContent()).toContain('请按原账单向患者收费');

    // 4. The discharge: 30,000 in scope (50% → 15,000) and 20,000 above the ceiling (40% → 8,000,
    //    capped at 5,000): 20,000.00 yuan off the bill.
    const first: Discharge = {
      ...patient,
      ref: `ZY${today.replaceAll('-', '')}-0001`,
      total: '80000',
      selfPaid: '50000',
      inScope: '30,000',
      aboveCeiling: '20000.00',
    };
    await settle(page, first, today);
    expect(await answer(page)).toEqual({ state: 'ok', refusal: null });
    expect(await page.locator(id('partner-aid-payout')).textContent()).toBe('20,000.00');
    expect(await page.locator(id('partner-aid-result')).textContent()).toContain('请从患者账单中减免');
    expect(await page.locator(id('partner-aid-insured')).textContent()).toBe('王*军');
    const hospitalLine = page.locator(`${id('partner-aid-line')}[data-kind="hospital"]`);
    expect(await hospitalLine.getAttribute('data-capped')).toBe('false');
    expect(await hospitalLine.textContent()).toContain('住院医疗互助金');
    expect(await hospitalLine.textContent()).toContain('× 50%');
    expect(await hospitalLine.textContent()).toContain('¥15,000.00');
    const aboveLine = page.locator(`${id('partner-aid-line')}[data-kind="above_ceiling"]`);
    expect(await aboveLine.getAttribute('data-capped')).toBe('true');
    expect(await aboveLine.textContent()).toContain('大额医疗互助金');
    expect(await aboveLine.textContent()).toContain('已达封顶');
    expect(await aboveLine.textContent()).toContain('¥5,000.00');
    expect(await page.locator(id('partner-aid-replaces')).count()).toBe(0);
    const firstClaimNo = (await page.locator(id('partner-aid-claim-no')).textContent()) ?? '';
    await toTabs(page);
    await screenshot(page, 'mutual-aid-partner-settle', { settleMs: 300 });

    // 5. The clerk finds 2,000 more in scope on the sheet: the same 结算单号 with corrected figures
    //    re-settles (16,000 + 5,000), and the page says the first one is void.
    await page.fill(id('partner-aid-total'), '82000');
    await page.fill(id('partner-aid-self-paid'), '52000');
    await page.fill(id('partner-aid-in-scope'), '32000');
    await page.click(id('partner-aid-submit'));
    await page.locator(id('partner-aid-replaces')).waitFor();
    expect(await page.locator(id('partner-aid-payout')).textContent()).toBe('21,000.00');
    expect(await page.locator(id('partner-aid-replaces')).textContent()).toContain(`原结算（${firstClaimNo}）已作废`);
    const secondClaimNo = (await page.locator(id('partner-aid-claim-no')).textContent()) ?? '';
    expect(secondClaimNo).not.toBe(firstClaimNo);

    // 6. The same again: already settled with these figures, nothing settled twice.
    await page.click(id('partner-aid-submit'));
    expect(await answer(page)).toEqual({ state: 'refused', refusal: 'duplicate' });
    expect(await page.locator(id('partner-aid-problem')).getAttribute('data-code')).toBe('mutual-aid.settlement_duplicate');
    expect(await page.locator(id('partner-aid-problem')).textContent()).toContain(secondClaimNo);
    await toTabs(page);
    await screenshot(page, 'mutual-aid-partner-refused', { settleMs: 300 });

    // Figures that cannot be: the server's problem shows under 个人自付合计 and in the answer.
    await page.fill(id('partner-aid-self-paid'), '90000');
    await page.click(id('partner-aid-submit'));
    expect(await answer(page)).toEqual({ state: 'refused', refusal: 'invalid' });
    await page.getByText('个人自付合计：个人自付金额不能超过医疗费用总额').waitFor();
    await page.locator('.ant-form-item-explain-error', { hasText: '个人自付金额不能超过医疗费用总额' }).waitFor();

    // 7. A second stay, and the connection drops after the server settled it: 重新提交 sends the same
    //    Idempotency-Key and gets the first answer, not a duplicate.
    const keys: string[] = [];
    await page.route('**/partner/v1/mutual-aid/settlements', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      await route.fetch();
      return route.abort('connectionreset');
    });
    await page.click(id('partner-aid-clear'));
    await settle(
      page,
      { ...patient, ref: `ZY${today.replaceAll('-', '')}-0002`, total: '5000', selfPaid: '2000', inScope: '2000', aboveCeiling: '0' },
      today,
    );
    expect(await answer(page)).toEqual({ state: 'refused', refusal: 'unanswered' });
    await page.click(id('partner-aid-retry'));
    expect(await answer(page)).toEqual({ state: 'ok', refusal: null });
    expect(await page.locator(id('partner-aid-payout')).textContent()).toBe('1,000.00');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    await page.unroute('**/partner/v1/mutual-aid/settlements');

    // 8. 当日对账: the first settlement cancelled (replaced by the second), two live ones, 22,000.00 due.
    await page.click(id('partner-section-reconciliation'));
    const reconciliation = page.locator(`${id('partner-aid-reconciliation')}[data-state="ready"]`);
    await reconciliation.waitFor();
    await expect.poll(() => page.locator(id('partner-aid-reconciliation-row')).count()).toBe(3);
    expect(
      await page.locator(id('partner-aid-reconciliation-row')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))),
    ).toEqual(['cancelled', 'settled', 'settled']);
    expect(await page.locator(id('partner-aid-replaced-by')).textContent()).toBe(`由 ${secondClaimNo} 替代`);
    expect(await page.locator(`${id('partner-aid-reconciliation-settled')} .ant-statistic-content-value`).textContent()).toBe('2 笔');
    expect(await page.locator(`${id('partner-aid-reconciliation-cancelled')} .ant-statistic-content-value`).textContent()).toBe('1 笔');
    expect(await page.locator(`${id('partner-aid-reconciliation-payout')} .ant-statistic-content-value`).textContent()).toBe('¥22,000.00');
    expect(new URL(page.url()).hash).toBe('#reconciliation');
    await screenshot(page, 'mutual-aid-partner-reconciliation', { settleMs: 300 });

    // The day before has nothing.
    const yesterday = shanghaiDay(new Date(Date.now() - 86_400_000));
    await page.fill(id('partner-aid-day'), yesterday);
    await page.press(id('partner-aid-day'), 'Enter');
    await expect
      .poll(() => page.locator(`${id('partner-aid-reconciliation-settled')} .ant-statistic-content-value`).textContent())
      .toBe('0 笔');
    expect(await page.locator(id('partner-aid-reconciliation-row')).count()).toBe(0);
    await desk.close();
  });
});
