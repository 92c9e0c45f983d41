// 互助保障 in the console: 浙江 sets up 绍兴's plan from the 乌鲁木齐 scheme (a code already used is refused in
// the server's words); a 柯桥 member enrols and files a claim over the second-review amount; 柯桥 opens it
// (the payout lines, the checklist that must be ticked whole), uploads a scan and approves; 浙江 — another
// reviewer — 复核s it. Two more stays: the second is approved, the third refused by the rule (its reasons
// shown) and rejected with a reason. 浙江 draws a batch of the approved claims, exports its bank file with
// a reason and pays it; 柯桥 enrols a group from a list (refused first, every bad row listed); a hospital
// settles a discharge, 浙江 reconciles the day and pays it; the dashboard shows the figures and drills down.
import ExcelJS from 'exceljs';
import type { APIRequestContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeIdNumber, newMember } from '../../src/modules/members/testing.js';
import { newPartner } from '../../src/modules/partners/testing.js';
import { PartnerClient } from '../../src/platform/auth/partner-client.js';
import { shanghaiDay } from '../../src/platform/db/columns.js';
import { consoleSignIn, desktopContext, screenshot, useBrowserAndServer, type E2eServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;
const yuan = (n: number) => n * 100;

/** The input of an antd box given its test id, whether the id sits on the input or on its wrapper. */
const input = (page: Page, testId: string): Locator => page.locator(`${id(testId)} input, input${id(testId)}`).first();

/** Picks a union in an org picker by typing its name (the picker searches the server) and clicking it. */
async function pickOrg(page: Page, picker: string, name: string): Promise<void> {
  await page.click(`${id(picker)} .ant-select-selector, ${id(picker)}.ant-select`);
  await page.keyboard.type(name);
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: new RegExp(`^${name}$`) }).click();
}

/** Chooses an option of an antd select by its title. */
async function choose(page: Page, select: string, title: string): Promise<void> {
  await page.click(`${id(select)} .ant-select-selector, ${id(select)}.ant-select`);
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${title}"]`).click();
}

/** Waits for the success toasts to go, so that a picture shows the page rather than the last message. */
async function quiet(page: Page): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
}

async function json<T>(response: { ok: () => boolean; status: () => number; text: () => Promise<string> }): Promise<T> {
  const text = await response.text();
  if (!response.ok()) throw new Error(`${response.status()}: ${text}`);
  return JSON.parse(text) as T;
}

/** A call of the member's H5 API with their session cookie. */
async function asMember(
  server: E2eServer,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      cookie,
      ...(body instanceof Uint8Array ? { 'content-type': 'application/octet-stream' } : body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body instanceof Uint8Array ? { body } : body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** The figures of a hospital bill in yuan, as the API takes them in fen. */
const bill = (total: number, inScope: number, above: number, selfPaid = inScope + above) => ({
  totalFen: yuan(total),
  inScopeSelfPaidFen: yuan(inScope),
  aboveCeilingFen: yuan(above),
  selfPaidFen: yuan(selfPaid),
});

/** The rows of a downloaded workbook's first sheet, as arrays of cell values. */
async function sheetRows(path: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return ((workbook.worksheets[0]?.getSheetValues() ?? []).filter(Boolean) as unknown[][]).map((row) => row.slice(1));
}

/** A photo of an inpatient invoice, drawn by the browser (the server tells a PNG by its bytes). */
async function invoicePhoto(page: Page): Promise<Uint8Array> {
  // A script, not a function: this file is type-checked without the DOM's types.
  const dataUrl = await page.evaluate<string>(`(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 360;
    canvas.height = 480;
    const g = canvas.getContext('2d');
    g.fillStyle = '#fdf6e3';
    g.fillRect(0, 0, 360, 480);
    g.strokeStyle = '#b22222';
    g.strokeRect(12, 12, 336, 456);
    g.fillStyle = '#b22222';
    g.font = 'bold 26px sans-serif';
    g.fillText('住院收费票据', 100, 60);
    g.fillStyle = '#333';
    g.font = '18px sans-serif';
    ['患者：王建军', '医院：绍兴市人民医院', '医疗费用总额：80,000.00', '个人自付：50,000.00'].forEach((line, i) => g.fillText(line, 30, 130 + i * 44));
    return canvas.toDataURL('image/png');
  })()`);
  return new Uint8Array(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
}

interface Claim {
  id: string;
  claimNo: string;
  status: string;
  payoutFen: number;
}

describe('互助保障 in the console', () => {
  const e2e = useBrowserAndServer();

  it('浙江 sets up 绍兴’s plan; 柯桥 and 浙江 review a claim twice; a batch is paid; a group enrols; a hospital’s day is reconciled and paid; the dashboard adds it up', async () => {
    const { server, browser } = e2e;
    const p = server.app.platform;
    const today = shanghaiDay(new Date());
    const year = today.slice(0, 4);

    const provinceDesk = await desktopContext(browser, server.url);
    const province = await provinceDesk.newPage();
    await consoleSignIn(province, 'zhejiang');
    const zhejiang: APIRequestContext = province.request;
    const orgOf = async (name: string) =>
      (
        await json<{ items: { id: string; path: string; name: string }[] }>(
          await zhejiang.get('/api/console/orgs', { params: { q: name } }),
        )
      ).items.find((o) => o.name === name) as { id: string; path: string; name: string };
    const provinceOrg = await orgOf('浙江省总工会');
    const keqiaoOrg = await orgOf('柯桥区总工会');

    // 浙江's own plan for women, on 女性馨康's rules, already holds the code NXJB.
    await json(
      await zhejiang.post('/api/console/mutual-aid-plans', {
        data: {
          orgId: provinceOrg.id,
          name: '女职工特殊疾病互助保障',
          code: 'NXJB',
          rule: {
            pricePerShareFen: yuan(35),
            maxShares: 3,
            waitingDays: 90,
            eligibility: { minAge: 16, maxAge: 59, employed: true, women: true, healthDeclaration: true },
            benefits: [
              {
                kind: 'first_diagnosis',
                diseases: ['breast_cancer', 'cervical_cancer', 'ovarian_cancer'],
                fenPerShareByGrade: [yuan(10_000), yuan(20_000), yuan(30_000)],
                timesPerCycle: 1,
              },
            ],
          },
          startOn: `${year}-01-01`,
          secondReviewAboveFen: yuan(20_000),
        },
      }),
    );

    // 1. 举办计划 from the 乌鲁木齐 scheme, for 绍兴市总工会, cycles from 1 January, 复核 above 10,000 yuan, no sample.
    await province.click(id('console-menu-mutualAid'));
    await province.locator(id('mutual-aid-plans')).waitFor();
    await province.click(id('mutual-aid-plan-new'));
    await province.click(id('mutual-aid-plan-template-urumqi'));
    await expect.poll(() => province.locator(id('mutual-aid-plan-form-name')).inputValue()).toBe('职工住院医疗互助保障');
    await expect.poll(() => input(province, 'mutual-aid-plan-form-price').inputValue()).toBe('110');
    expect(
      await province
        .locator(`${id('mutual-aid-plan-form')} [data-kind]`)
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind'))),
    ).toEqual(['hospital', 'above_ceiling']);
    const preview = (await province.locator(id('mutual-aid-plan-form-preview')).textContent()) ?? '';
    expect(preview).toContain('住院医疗互助金：医保范围内个人自付费用的 50%，每个保障期最多 2 次');
    expect(preview).toContain('大额医疗互助金：超过医保最高支付限额的自付费用的 40%，每个保障期最多 1 次，累计不超过 5,000 元');
    await pickOrg(province, 'mutual-aid-plan-form-org', '绍兴市总工会');
    await province.fill(id('mutual-aid-plan-form-name'), '绍兴市职工医疗互助保障');
    await province.fill(id('mutual-aid-plan-form-code'), 'nxjb');
    await province.fill(id('mutual-aid-plan-form-start'), `${year}-01-01`);
    await province.press(id('mutual-aid-plan-form-start'), 'Enter');
    await input(province, 'mutual-aid-plan-form-sample').fill('0');
    await province.click(id('mutual-aid-plan-form-submit'));
    await province.locator(id('mutual-aid-plan-form-error')).getByText('计划代码「NXJB」已被使用，请换一个').waitFor();
    await province.fill(id('mutual-aid-plan-form-code'), 'SXYL');
    await province.click(id('mutual-aid-plan-form-submit'));
    await province.getByText('已举办「绍兴市职工医疗互助保障」，并建立了计划的互助金账户').waitFor();
    const planRow = province.locator(`${id('mutual-aid-plans')} tr[data-testid^="mutual-aid-plan-row-"]`, {
      hasText: '绍兴市职工医疗互助保障',
    });
    await planRow.waitFor();
    const planId = ((await planRow.getAttribute('data-testid')) ?? '').replace('mutual-aid-plan-row-', '');
    for (const part of [
      'SXYL',
      '绍兴市总工会',
      `保障期每年自 ${year}-01-01 起算`,
      '每人 ¥110.00',
      '16–60 周岁',
      '在职职工',
      '无观察期',
      '累计不超过 5,000 元',
      '互助金超过 ¥10,000.00 须复核',
      '其余抽检 0%',
    ]) {
      expect(await planRow.textContent(), part).toContain(part);
    }
    await quiet(province);
    await screenshot(province, 'mutual-aid-plans', { settleMs: 300 });
    const plan = (await json<{ items: { id: string; fundId: string }[] }>(await zhejiang.get('/api/console/mutual-aid-plans'))).items.find(
      (x) => x.id === planId,
    ) as { id: string; fundId: string };

    // 2. A 柯桥 courier enrols (the test server pays at once) and files his stay: 30,000 in scope (50 % →
    //    15,000) and 20,000 above the ceiling (40 % → 8,000, capped at 5,000): 20,000 yuan, over 10,000.
    const insured = { name: '王建军', idNumber: makeIdNumber('330621', '19880312', 153) };
    const member = await newMember(p, { ...insured, workRegionCode: '330603001' });
    const enrolment = await asMember(server, member.cookie, 'POST', '/api/member/mutual-aid/enrolments', {
      planId,
      relation: 'self',
      insured,
      shares: 1,
      employed: true,
      healthDeclared: true,
    });
    expect(enrolment.status, JSON.stringify(enrolment.body)).toBe(201);
    const enrolled = (enrolment.body as { enrolment: { id: string; status: string } }).enrolment;
    expect(enrolled.status).toBe('active');
    const enrolmentId = enrolled.id;
    const file = async (figures: ReturnType<typeof bill>, diagnosis: string) => {
      const filed = await asMember(server, member.cookie, 'POST', '/api/member/mutual-aid/claims', {
        enrolmentId,
        admittedOn: today,
        dischargedOn: today,
        figures,
        hospital: '绍兴市人民医院',
        diagnosis,
        bankAccount: { bank: '中国工商银行柯桥支行', accountNo: '6222 0212 3456 7890 123' },
      });
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      return filed.body as Claim;
    };
    const claim = await file(bill(80_000, 30_000, 20_000), '腰椎间盘突出症，行椎间孔镜手术');
    expect(claim.payoutFen).toBe(yuan(20_000));
    const photo = await invoicePhoto(province);
    const uploaded = await asMember(
      server,
      member.cookie,
      'POST',
      `/api/member/mutual-aid/claims/${claim.id}/documents?kind=invoice&fileName=${encodeURIComponent('住院发票.png')}`,
      photo,
    );
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);

    // 3. 柯桥 reviews it: the insured by whole name, the payout lines, the checklist.
    const districtDesk = await desktopContext(browser, server.url);
    const district = await districtDesk.newPage();
    await consoleSignIn(district, 'keqiao');
    const keqiao: APIRequestContext = district.request;
    await district.click(id('console-menu-mutualAid'));
    await district.click(id('mutual-aid-tab-claims'));
    const row = district.locator(id(`mutual-aid-claim-row-${claim.id}`));
    await row.waitFor();
    for (const part of [claim.claimNo, '王*军', '绍兴市职工医疗互助保障', '会员申请', '¥80,000.00', '¥20,000.00', '待审核']) {
      expect(await row.textContent(), part).toContain(part);
    }
    await district.click(id(`mutual-aid-claim-link-${claim.id}`));
    await district.locator(id('mutual-aid-claim')).waitFor();
    expect(await district.locator(id('mutual-aid-claim-insured-name')).textContent()).toBe('王建军');
    expect(await district.locator(id('mutual-aid-claim-line-hospital')).textContent()).toContain('¥30,000.00 × 50%');
    expect(await district.locator(id('mutual-aid-claim-line-hospital')).textContent()).toContain('¥15,000.00');
    const aboveLine = (await district.locator(id('mutual-aid-claim-line-above_ceiling')).textContent()) ?? '';
    expect(aboveLine).toContain('¥20,000.00 × 40%');
    expect(aboveLine).toContain('已达封顶');
    expect(aboveLine).toContain('¥5,000.00');
    expect(await district.locator(id('mutual-aid-claim-payout-total')).textContent()).toBe('¥20,000.00');
    expect(await district.locator(id('mutual-aid-claim-used')).textContent()).toContain('尚未领取过');
    await district.locator(`${id('mutual-aid-claim-document')}[data-kind="invoice"] img`).waitFor();

    // A scan brought to the desk: the discharge summary, as a PDF.
    await choose(district, 'mutual-aid-document-kind', '出院小结');
    await district.setInputFiles(id('mutual-aid-document-input'), {
      name: '出院小结.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1'),
    });
    await district
      .locator(`${id('mutual-aid-claim-document')}[data-kind="discharge_summary"] ${id('mutual-aid-claim-document-pdf')}`)
      .waitFor();

    // 批准 waits for all six checks.
    const approve = district.locator(id('mutual-aid-review-approve'));
    expect(await approve.isDisabled()).toBe(true);
    for (const key of ['identity', 'enrolment', 'invoice', 'discharge_summary', 'amounts']) {
      await district.click(id(`mutual-aid-review-check-${key}`));
    }
    expect(await approve.isDisabled()).toBe(true);
    expect(await district.locator(id('mutual-aid-review-unticked')).textContent()).toBe('还有 1 项未核对');
    await district.click(id('mutual-aid-review-check-bank_account'));
    expect(await approve.isDisabled()).toBe(false);
    await approve.click();
    await district.getByText('已初审批准，互助金 ¥20,000.00，待另一位审核人复核').waitFor();
    await district.locator(`${id('mutual-aid-claim')}[data-status="second_review"]`).waitFor();
    expect(await district.locator(id('mutual-aid-review-second')).textContent()).toContain('柯桥区总工会管理员 已于');
    expect(await district.locator(id('mutual-aid-review-second-who')).textContent()).toBe('您已初审，复核须由另一位审核人完成。');
    expect(await approve.isDisabled()).toBe(true);

    // 4. 浙江 复核s it: the claims waiting for a second review, the first reviewer named.
    await province.click(id('mutual-aid-tab-claims'));
    await choose(province, 'mutual-aid-claims-status', '待复核');
    await province.click(id(`mutual-aid-claim-link-${claim.id}`));
    const second = province.locator(id('mutual-aid-review-second'));
    await second.waitFor();
    expect(await second.textContent()).toContain('柯桥区总工会管理员 已于');
    expect(await second.textContent()).toContain('互助金超过计划规定的复核金额，须复核。');
    for (const key of ['identity', 'enrolment', 'invoice', 'discharge_summary', 'amounts', 'bank_account']) {
      await province.click(id(`mutual-aid-review-check-${key}`));
    }
    expect(await province.locator(id('mutual-aid-review-approve')).textContent()).toBe('复核通过，互助金 ¥20,000.00');
    await province
      .locator(`${id('mutual-aid-claim-documents')} img`)
      .first()
      .waitFor();
    await screenshot(province, 'mutual-aid-claim-review', { settleMs: 300 });
    await province.click(id('mutual-aid-review-approve'));
    await province.getByText('已批准，互助金 ¥20,000.00，将随发放批次发放').waitFor();
    await province.locator(`${id('mutual-aid-claim')}[data-status="approved"]`).waitFor();
    expect(await province.locator(`${id('mutual-aid-claim-step')}[data-action="second_approve"]`).textContent()).toContain(
      '省总工会管理员',
    );

    // 5. Two more stays. The second pays 50 % of 4,000; then 柯桥 approves it. The third reaches only the
    //    hospital benefit, now used twice: the rule refuses it, and 柯桥 rejects it with a reason.
    const stay2 = await file(bill(9_000, 4_000, 0), '急性阑尾炎');
    const stay3 = await file(bill(6_000, 3_000, 0), '肺炎');
    const approved2 = await json<Claim>(
      await keqiao.post(`/api/console/mutual-aid-claims/${stay2.id}/review`, {
        data: {
          action: 'approve',
          checklist: { identity: true, enrolment: true, invoice: true, discharge_summary: true, amounts: true, bank_account: true },
        },
      }),
    );
    expect(approved2).toMatchObject({ status: 'approved', payoutFen: yuan(2_000) });
    await district.goto(`/console/mutual-aid/claims/${stay3.id}`);
    await district.locator(id('mutual-aid-claim-used')).getByText('住院医疗互助金 2 次，¥17,000.00（每期 2 次）').waitFor();
    for (const key of ['identity', 'enrolment', 'invoice', 'discharge_summary', 'amounts', 'bank_account']) {
      await district.click(id(`mutual-aid-review-check-${key}`));
    }
    await district.click(id('mutual-aid-review-approve'));
    const refusal = district.locator(id('mutual-aid-review-error'));
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('mutual-aid.claim_refused');
    expect(await refusal.textContent()).toContain('按计划规则不能赔付');
    expect(await refusal.textContent()).toContain('已达上限');
    await district.click(id('mutual-aid-review-reject'));
    await district.click(id('mutual-aid-reject-reason-template-0'));
    await district.click(id('mutual-aid-reject-reason-ok'));
    await district.getByText('已不予赔付，会员将收到短信').waitFor();
    await district.locator(`${id('mutual-aid-claim')}[data-status="rejected"]`).waitFor();
    expect(await district.locator(`${id('mutual-aid-claim-step')}[data-action="reject"]`).textContent()).toContain(
      '所报费用不在本计划保障范围内',
    );

    // 6. The fund holds 110 yuan: 浙江 puts 50,000 into it at 绍兴 before paying.
    const funds = await json<{ items: { id: string; sources: { id: string }[] }[] }>(await zhejiang.get('/api/console/funds'));
    const sourceId = funds.items.find((f) => f.id === plan.fundId)?.sources[0]?.id;
    const city = await orgOf('绍兴市总工会');
    await json(
      await zhejiang.post(`/api/console/funds/${plan.fundId}/receipts`, { data: { sourceId, orgId: city.id, amountFen: yuan(50_000) } }),
    );

    // 7. 发放批次: the two approved claims, 22,000 yuan; the bank file with a reason; 确认发放.
    await province.click(id('mutual-aid-tab-batches'));
    await choose(province, 'mutual-aid-batches-plan', '绍兴市职工医疗互助保障');
    await province.getByText('「绍兴市职工医疗互助保障」的发放批次').waitFor();
    await province.click(id('mutual-aid-batch-new'));
    const picks = province.locator('.ant-modal tr[data-testid^="mutual-aid-batch-claim-"]');
    await expect.poll(() => picks.count()).toBe(2);
    await expect.poll(() => province.locator(id('mutual-aid-batch-form-sum')).textContent()).toBe('已选 2 笔，合计 ¥22,000.00');
    await province.fill(id('mutual-aid-batch-form-name'), '2026年12月职工医疗互助金');
    await province.click(id('mutual-aid-batch-form-submit'));
    await province.getByText('已生成发放批次「2026年12月职工医疗互助金」：2 笔，合计 ¥22,000.00').waitFor();
    const batch = province.locator(`${id('mutual-aid-batch-table')} tr[data-testid^="mutual-aid-batch-row-"]`, {
      hasText: '2026年12月职工医疗互助金',
    });
    await batch.waitFor();
    const batchId = ((await batch.getAttribute('data-testid')) ?? '').replace('mutual-aid-batch-row-', '');
    for (const part of ['2 笔', '¥22,000.00', '待发放']) expect(await batch.textContent(), part).toContain(part);
    await quiet(province);
    await screenshot(province, 'mutual-aid-batches', { settleMs: 300 });

    await province.click(id(`mutual-aid-batch-bank-${batchId}`));
    await province.click(id('mutual-aid-bank-reason-ok'));
    await province.getByText('请填写原因', { exact: true }).waitFor();
    await province.fill(id('mutual-aid-bank-reason'), '交工商银行绍兴分行代发12月互助金');
    const downloading = province.waitForEvent('download');
    await province.click(id('mutual-aid-bank-reason-ok'));
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^2026年12月职工医疗互助金-银行代发清单-\d{8}\.xlsx$/);
    const rows = await sheetRows((await download.path()) ?? '');
    expect(rows[2]).toEqual(['序号', '收款人姓名', '身份证号', '开户银行', '银行账号', '金额（元）', '摘要', '申请编号']);
    expect(rows.slice(3, 5).map((r) => [r[1], r[2], r[5]])).toEqual([
      ['王建军', insured.idNumber, 20_000],
      ['王建军', insured.idNumber, 2_000],
    ]);

    await province.click(id(`mutual-aid-batch-pay-${batchId}`));
    await expect
      .poll(() => province.locator(id('mutual-aid-batch-pay-sentence')).textContent())
      .toBe('将从「绍兴市职工医疗互助保障」的互助金账户（绍兴市总工会）支出 ¥22,000.00，发放给 2 位参保人，并短信告知他们。');
    await expect.poll(() => province.locator(id('mutual-aid-batch-pay-available')).textContent()).toBe('¥50,110.00');
    await province.click(id('mutual-aid-batch-pay-submit'));
    await province.getByText('已发放「2026年12月职工医疗互助金」¥22,000.00').waitFor();
    await expect.poll(() => batch.locator(id('mutual-aid-batch-status')).textContent()).toBe('已发放');
    expect(await province.locator(id(`mutual-aid-batch-pay-${batchId}`)).count()).toBe(0);

    // 8. 团体参保 by 柯桥: refused while one row is no 身份证号 and another no member; then the two members enrol.
    const colleagues = [
      { name: '李秀英', idNumber: makeIdNumber('330621', '19900605', 164) },
      { name: '赵志刚', idNumber: makeIdNumber('330621', '19850920', 175) },
    ];
    for (const c of colleagues) await newMember(p, { ...c, workRegionCode: '330603001' });
    const stranger = makeIdNumber('330621', '19920202', 185);
    const csv = (lines: string[]) => Buffer.from(`\uFEFF姓名,身份证号,份数\r\n${lines.join('\r\n')}\r\n`, 'utf8');
    await district.click(id('mutual-aid-tab-groups'));
    await district.locator(id('mutual-aid-groups')).waitFor();
    await choose(district, 'mutual-aid-group-plan', '绍兴市职工医疗互助保障');
    expect(await district.locator(id('mutual-aid-group-payer')).inputValue()).toBe('柯桥区总工会');
    await district.setInputFiles(`${id('mutual-aid-group-file')} input[type=file]`, {
      name: '柯桥快递员团体参保.csv',
      mimeType: 'text/csv',
      buffer: csv([
        `${colleagues[0]?.name},${colleagues[0]?.idNumber},1`,
        `张伟,33062119900101123X,1`,
        `陈明,${stranger},1`,
        `${colleagues[1]?.name},${colleagues[1]?.idNumber},1`,
      ]),
    });
    await district.click(id('mutual-aid-group-submit'));
    const problems = district.locator(`${id('mutual-aid-group-problems')} tbody tr.ant-table-row`);
    await problems.first().waitFor();
    expect(await district.locator(id('mutual-aid-group-refused')).textContent()).toBe(
      '名单有 2 行不能参保，整份名单未参保；请按标出的问题修改后重新上传',
    );
    const listed = (await problems.allTextContents()).join('\n');
    // Each bad row names the person it gives, so the office knows whom to call.
    expect(listed).toContain('3身份证号张伟：身份证号校验位不对，请逐位核对');
    expect(listed).toContain('4身份证号陈明：不是会员（或已离会），请先办理入会');
    await screenshot(district, 'mutual-aid-group-errors', { settleMs: 300 });
    await district.setInputFiles(`${id('mutual-aid-group-file')} input[type=file]`, {
      name: '柯桥快递员团体参保（修改后）.csv',
      mimeType: 'text/csv',
      buffer: csv(colleagues.map((c) => `${c.name},${c.idNumber},1`)),
    });
    await district.click(id('mutual-aid-group-submit'));
    await district.locator(id('mutual-aid-group-done')).getByText('2 人已参保', { exact: true }).waitFor();
    expect(await district.locator(id('mutual-aid-group-done')).textContent()).toContain('由柯桥区总工会缴费 ¥220.00');

    // 9. 柯桥区第二人民医院 settles 李秀英's discharge (3,000 in scope → 1,500); 浙江 reconciles today and pays it.
    const { key } = await newPartner(p, keqiaoOrg, { kind: 'hospital', name: '柯桥区第二人民医院' });
    const settled = await new PartnerClient(server.url, key).call('POST', '/partner/v1/mutual-aid/settlements', {
      body: {
        idNumber: colleagues[0]?.idNumber,
        name: colleagues[0]?.name,
        settlementRef: 'ZY20261207-0001',
        admittedOn: today,
        dischargedOn: today,
        figures: bill(12_000, 3_000, 0, 3_500),
        diagnosis: '腰椎间盘突出',
      },
      idempotencyKey: 'e2e-settle-1',
    });
    expect(settled.status, JSON.stringify(settled.body)).toBe(200);
    await province.click(id('mutual-aid-tab-reconciliations'));
    await province.locator(id('mutual-aid-reconciliations')).waitFor();
    await province.fill(id('mutual-aid-reconcile-day'), today);
    await province.press(id('mutual-aid-reconcile-day'), 'Enter');
    await province.click(id('mutual-aid-reconcile-run'));
    await province.getByText(`已对账 ${today}：1 家医院（计划）`).waitFor();
    const line = province.locator(`${id('mutual-aid-reconciliation-row')}[data-day="${today}"][data-hospital="柯桥区第二人民医院"]`);
    await line.waitFor();
    for (const part of ['柯桥区第二人民医院', '绍兴市职工医疗互助保障', '1 笔', '0 笔', '¥1,500.00', '待拨付']) {
      expect(await line.textContent(), part).toContain(part);
    }
    await quiet(province);
    await screenshot(province, 'mutual-aid-reconciliation', { settleMs: 300 });
    await line.locator(id('mutual-aid-reconciliation-pay')).click();
    await expect
      .poll(() => province.locator(id('mutual-aid-reconciliation-pay-sentence')).textContent())
      .toBe(`将从「绍兴市职工医疗互助保障」的互助金账户向柯桥区第二人民医院拨付 ${today} 一单式结算的 1 笔互助金，合计 ¥1,500.00。`);
    await province.click(id('mutual-aid-reconciliation-pay-ok'));
    await province.getByText(`已向柯桥区第二人民医院拨付 ${today} 的结算款 ¥1,500.00`).waitFor();
    await expect.poll(() => line.locator(id('mutual-aid-reconciliation-status')).textContent()).toBe('已拨付');
    expect(await line.locator(id('mutual-aid-reconciliation-pay')).count()).toBe(0);

    // 10. 互助金看板: 3 enrolled (2 by the group), 330 yuan in, 3 claims, 22,000 paid in a batch, 1,500 settled.
    await province.click(id('mutual-aid-tab-dashboard'));
    await choose(province, 'mutual-aid-dashboard-plan', '绍兴市职工医疗互助保障');
    const figure = (key: string) => province.locator(`${id(`mutual-aid-dashboard-${key}`)} .ant-statistic-content`).textContent();
    await expect.poll(() => figure('enrolled')).toBe('3');
    expect(await province.locator(id('mutual-aid-dashboard-enrolled')).textContent()).toContain('其中团体参保 2 人');
    expect(await figure('contributions')).toBe('¥330.00');
    expect(await figure('claims')).toBe('3');
    expect(await province.locator(id('mutual-aid-dashboard-claims')).textContent()).toContain('待审核 0 笔');
    expect(await figure('paid')).toBe('¥22,000.00');
    expect(await figure('settled')).toBe('¥1,500.00');
    expect(await figure('paidOut')).toBe('¥23,500.00');
    // The fund as 浙江 sees it: 330 yuan of contributions and 50,000 put in, 23,500 paid out.
    expect(await figure('balance')).toBe('¥26,830.00');
    expect(await province.locator(id('mutual-aid-dashboard-balance')).textContent()).toContain('累计收入 ¥50,330.00 · 累计支出 ¥23,500.00');
    expect(await province.locator(id('mutual-aid-dashboard-area')).textContent()).toBe('浙江省总工会');
    await province.locator(id('mutual-aid-dashboard-areas')).getByText('绍兴市总工会').click();
    await expect.poll(() => province.locator(id('mutual-aid-dashboard-area')).textContent()).toBe('绍兴市总工会');
    const keqiaoArea = province.locator(`${id('mutual-aid-dashboard-area-row')}[data-org-id="${keqiaoOrg.id}"]`);
    await keqiaoArea.waitFor();
    for (const part of ['柯桥区总工会', '¥330.00', '¥22,000.00', '¥1,500.00']) expect(await keqiaoArea.textContent(), part).toContain(part);
    await quiet(province);
    await screenshot(province, 'mutual-aid-dashboard', { settleMs: 300 });
    await province.click(id('mutual-aid-dashboard-crumb'));
    await expect.poll(() => province.locator(id('mutual-aid-dashboard-area')).textContent()).toBe('浙江省总工会');

    // 11. The year's scheme is over: 浙江 stops the plan with a reason; no one enrols any more.
    await province.click(id('mutual-aid-tab-plans'));
    await province.click(id(`mutual-aid-plan-close-${planId}`));
    await province.click(id('mutual-aid-plan-close-reason-template-0'));
    await screenshot(province, 'mutual-aid-plan-close', { settleMs: 300 });
    await province.click(id('mutual-aid-plan-close-reason-ok'));
    await expect.poll(() => planRow.textContent()).toContain('已停办');
    expect(await province.locator(id(`mutual-aid-plan-close-${planId}`)).count()).toBe(0);
  });
});
