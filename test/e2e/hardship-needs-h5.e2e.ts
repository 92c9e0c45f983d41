// 我的诉求 on a phone: 王建军, whose household 越城 keeps on file, finds 反映诉求 in 我的帮扶, is told what
// to write when he sends nothing, keeps his words when the network drops, posts his need and sees it
// waiting; 越城's staff answer it in the console (an SMS tells him), and he reads the answer. A worker
// without a file is told how to get one; a list that cannot load offers to try again.
import { describe, expect, it } from 'vitest';
import { consoleSignIn, desktopContext, screenshot, signedInPhone, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;
const WANG_PHONE = '13957500101';
const NO_FILE_PHONE = '13805752077';
const NEED = '孩子下学期的学费还差 2000 元，想问问有没有助学帮扶';
const ANSWER = '已为您登记金秋助学，9 月初发放 2000 元，请留意短信通知';

describe('我的诉求 in the H5', () => {
  const e2e = useBrowserAndServer();

  it('a worker with a filed household posts a need from 我的帮扶, the union answers it in the console, and the worker reads the answer', async () => {
    const { browser, server } = e2e;

    // 1. From 我的帮扶 to 我的诉求: nothing posted yet.
    const phone = await signedInPhone(browser, server.url, WANG_PHONE);
    const page = await phone.newPage();
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto('/hardship');
    await page.locator(id('hardship-file')).first().waitFor();
    await page.click(id('hardship-needs-entry'));
    await page.locator(id('hardship-needs-page')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/hardship/needs');
    await page.locator(id('hardship-needs-empty')).waitFor();
    expect(await page.locator(id('hardship-need-form')).textContent()).toContain('越城区总工会');

    // 2. Sent empty, then a single character: the page says what to write before asking the server.
    await page.click(id('hardship-need-submit'));
    expect(await page.locator(id('hardship-need-problem')).textContent()).toBe('请写下你的诉求');
    await page.fill(`${id('hardship-need-input')} textarea`, '钱');
    await page.click(id('hardship-need-submit'));
    expect(await page.locator(id('hardship-need-problem')).textContent()).toBe('请至少写 2 个字');

    // 3. The network drops as he sends it: he is told, and his words stay in the box.
    await page.fill(`${id('hardship-need-input')} textarea`, NEED);
    await page.route('**/api/member/hardship-needs', (route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue(),
    );
    await page.click(id('hardship-need-submit'));
    await expect.poll(() => page.locator(id('hardship-need-problem')).textContent()).toContain('网络');
    expect(await page.locator(`${id('hardship-need-input')} textarea`).inputValue()).toBe(NEED);
    await page.unroute('**/api/member/hardship-needs');

    // 4. Sent: it heads the list, waiting for the union; the box is empty again.
    await page.click(id('hardship-need-submit'));
    const need = page.locator(id('hardship-need')).first();
    await need.waitFor();
    expect(await need.getAttribute('data-status')).toBe('open');
    expect(await need.locator(id('hardship-need-status')).textContent()).toBe('待答复');
    expect(await need.locator(id('hardship-need-content')).textContent()).toBe(NEED);
    expect(await page.locator(`${id('hardship-need-input')} textarea`).inputValue()).toBe('');
    const needId = (await need.getAttribute('data-id')) ?? '';

    // 5. 越城's staff find it among the open needs and answer it.
    const desk = await desktopContext(browser, server.url);
    const console_ = await desk.newPage();
    await consoleSignIn(console_, 'yuecheng');
    await console_.goto('/console/hardship/help/needs');
    const open = console_.locator(id(`help-need-${needId}`));
    await open.waitFor();
    expect(await open.locator(id('help-need-content')).textContent()).toBe(NEED);
    await console_.click(id(`help-need-answer-${needId}`));
    // Too short to be an answer: the box says so before the server is asked.
    await console_.fill(id('help-answer-text'), '好');
    await console_.click(id('help-answer-submit'));
    await console_.locator('.ant-form-item-explain-error', { hasText: '答复至少 2 个字' }).waitFor();
    await console_.fill(id('help-answer-text'), ANSWER);
    await console_.click(id('help-answer-submit'));
    await console_.locator(id('help-answer-submit')).waitFor({ state: 'detached' });
    // Off the open list; on the answered one with its answer.
    await expect.poll(() => console_.locator(id(`help-need-${needId}`)).count()).toBe(0);
    await console_.click(id('help-needs-filter-answered'));
    await expect.poll(() => console_.locator(id(`help-need-${needId}`)).getAttribute('data-status')).toBe('answered');
    expect(await console_.locator(`${id(`help-need-${needId}`)} ${id('help-need-answer-text')}`).textContent()).toContain(ANSWER);

    // The SMS that tells him.
    const inbox = (await (await phone.request.get('/api/dev/sms-inbox')).json()) as { items: { phone: string; text: string }[] };
    expect(inbox.items.some((m) => m.phone === WANG_PHONE && m.text.includes('诉求') && m.text.includes('已有答复'))).toBe(true);

    // 6. He reads the answer.
    await page.reload();
    const answered = page.locator(`${id('hardship-need')}[data-id="${needId}"]`);
    await answered.waitFor();
    expect(await answered.getAttribute('data-status')).toBe('answered');
    expect(await answered.locator(id('hardship-need-status')).textContent()).toBe('已答复');
    expect(await answered.locator(id('hardship-need-answer')).textContent()).toContain(ANSWER);
    // Who answered him: the union keeping his file and the clerk.
    expect(await answered.locator(id('hardship-need-answered-by')).textContent()).toBe('越城区总工会管理员');
    await expect.poll(() => page.locator('.adm-toast-mask:visible').count(), { timeout: 10_000 }).toBe(0);
    // The picture: the answer whole, under the box for the next need.
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await screenshot(page, 'hardship-needs-h5', { settleMs: 300 });

    // 7. The list cannot load: the page says so and tries again.
    await page.route('**/api/member/hardship-needs', (route) => route.abort('internetdisconnected'));
    await page.reload();
    await page.locator(id('page-error')).waitFor();
    await page.unroute('**/api/member/hardship-needs');
    await page
      .locator(`${id('page-error')} button`)
      .first()
      .click();
    await page.locator(`${id('hardship-need')}[data-id="${needId}"]`).waitFor();

    await desk.close();
    await phone.close();

    // 8. A worker without a file is told how to get one, not given a box the server would refuse.
    const other = await signedInPhone(browser, server.url, NO_FILE_PHONE);
    const otherPage = await other.newPage();
    await otherPage.goto('/hardship/needs');
    await otherPage.locator(id('hardship-needs-no-file')).waitFor();
    expect(await otherPage.locator(id('hardship-need-form')).count()).toBe(0);
    await otherPage.locator(id('hardship-needs-empty')).waitFor();
    await other.close();
  });
});
