import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { issuePartnerKey, listPartners } from '#modules/partners';
import { PartnerClient } from '../../src/platform/auth/partner-client.js';
import { systemActor } from '../../src/platform/audit/audit.js';
import { base32Decode, hotp, totpCode, totpStep } from '../../src/platform/auth/totp.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/seed/demo.js';
import { t } from '../../src/platform/i18n/i18n.js';
import { jobRuns, jobSchedules } from '../../src/platform/jobs/schema.js';
import { consoleSignIn, desktopContext, phoneContext, screenshot, useBrowserAndServer, type E2eServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

async function pickCascader(page: Page, titles: string[]): Promise<void> {
  for (const title of titles) {
    await page.locator(`.ant-cascader-menu-item[title="${title}"]`).last().click();
  }
}

describe('the platform in a browser', () => {
  const e2e = useBrowserAndServer();

  it('console: an unknown browser waits out a countdown after five wrong passwords, while the owner’s known browser still signs in', async () => {
    const secret = base32Decode(DEMO_TOTP_SECRET);
    // Each TOTP code is good once: the second sign-in uses a later step than the first, the next one
    // (accepted a step early) if the clock has not moved on yet.
    let lastStep = 0;
    const nextCode = () => {
      lastStep = Math.max(totpStep(new Date()), lastStep + 1);
      return hotp(secret, lastStep);
    };
    const signIn = async (page: Page, password: string) => {
      await page.fill(id('sign-in-username'), 'yuecheng');
      await page.fill(id('sign-in-password'), password);
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/console/auth/sign-in'));
      await page.click(id('sign-in-submit'));
      return (await answer).status();
    };

    // The owner signs in once on this browser.
    const ownerContext = await desktopContext(e2e.browser, e2e.server.url);
    const owner = await ownerContext.newPage();
    await owner.goto('/console/');
    expect(await signIn(owner, DEMO_PASSWORD)).toBe(200);
    await owner.fill(id('totp-code'), nextCode());
    await owner.click(id('totp-submit'));
    await owner.locator(id('console-user-name')).waitFor();
    expect((await owner.request.post('/api/console/auth/sign-out')).status()).toBe(204);

    // Someone else, in another browser, guesses.
    const strangerContext = await desktopContext(e2e.browser, e2e.server.url);
    const stranger = await strangerContext.newPage();
    await stranger.goto('/console/');
    for (let i = 0; i < 5; i++) expect(await signIn(stranger, `Guess@2026-${i}`)).toBe(401);
    expect(await signIn(stranger, DEMO_PASSWORD)).toBe(429);
    expect(await stranger.locator(id('sign-in-error')).textContent()).toMatch(/登录失败次数过多，请 \d+ 秒后再试/);
    const submit = stranger.locator(id('sign-in-submit'));
    expect(await submit.isDisabled()).toBe(true);
    expect(await submit.textContent()).toMatch(/\d+ 秒后可再试/);
    await screenshot(stranger, 'console-sign-in-throttled', { settleMs: 300 });

    // The owner's browser is known: the right password and TOTP get in.
    await owner.goto('/console/');
    expect(await signIn(owner, DEMO_PASSWORD)).toBe(200);
    await owner.fill(id('totp-code'), nextCode());
    await owner.click(id('totp-submit'));
    await owner.locator(id('console-user-name')).waitFor();
    await ownerContext.close();
    await strangerContext.close();
  });

  it("console: a district's staff signs in, creates a street union, sees it in the tree and in the audit log, and signs out", async () => {
    const context = await desktopContext(e2e.browser, e2e.server.url);
    const page = await context.newPage();
    await page.goto('/console/');
    await page.fill(id('sign-in-username'), 'keqiao');
    await page.fill(id('sign-in-password'), DEMO_PASSWORD);
    await screenshot(page, 'console-sign-in');
    await page.click(id('sign-in-submit'));
    await page.fill(id('totp-code'), totpCode(DEMO_TOTP_SECRET));
    await page.click(id('totp-submit'));

    // A fresh start's roll is not empty: the demo's synthetic members, 柯桥区's share of them.
    await page.click(id('console-menu-members'));
    await page.locator(id('members-tab-roll')).click();
    const total = page.locator(id('members-total'));
    await expect
      .poll(async () => Number(/共\s*([\d,]+)/.exec((await total.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? 0))
      .toBeGreaterThan(100);
    await page
      .locator(`${id('members-roll-table')} ${id('members-row')}`)
      .first()
      .waitFor();
    await screenshot(page, 'console-members-roll', { settleMs: 500 });

    // The console opens on the members overview; the tree is one menu away.
    await page.click(id('console-menu-orgs'));
    const tree = page.locator(id('org-tree'));
    await tree.getByText('柯桥区总工会', { exact: true }).click();
    await expect.poll(() => page.locator(id('org-detail')).textContent()).toContain('柯桥区总工会');
    await tree.getByText('柯桥街道总工会', { exact: true }).waitFor();
    await screenshot(page, 'console-org-tree');

    await page.click(id('org-new-child'));
    await page.fill(id('org-form-name'), '齐贤街道总工会');
    await page.click(id('org-form-kind'));
    await page.locator('.ant-select-item-option[title="乡镇（街道）总工会"]').click();
    await page.click(id('org-form-region'));
    await pickCascader(page, ['浙江省', '绍兴市', '柯桥区', '齐贤街道']);
    await screenshot(page, 'console-org-create');
    await page.click(id('org-form-submit'));

    await tree.getByText('齐贤街道总工会', { exact: true }).waitFor();
    await page.click(id('console-menu-audit'));
    const auditRow = page.locator('tr', { hasText: '齐贤街道总工会' }).first();
    await auditRow.waitFor();
    expect(await auditRow.textContent()).toContain('柯桥区总工会管理员');
    await screenshot(page, 'console-audit');

    await page.click(id('console-user-menu'));
    await page.click(id('console-sign-out'));
    await page.locator(id('sign-in-username')).waitFor();
    const me = await page.request.get('/api/console/me');
    expect(me.status()).toBe(401);
    await context.close();
  });

  it('H5: a rider signs in with the code from the dev inbox and sees the home page', async () => {
    const context = await phoneContext(e2e.browser, e2e.server.url);
    const page = await context.newPage();
    await page.goto('/');
    await page.fill(id('member-phone'), '13805710001');
    await screenshot(page, 'h5-sign-in');
    await page.click(id('member-send-code'));

    const inbox = await context.newPage();
    await inbox.goto('/dev/inbox');
    const message = inbox.locator(id('member-inbox-item')).first();
    await message.waitFor();
    const code = /验证码为\s*(\d{6})/.exec((await message.textContent()) ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await inbox.close();
    // Back to the rider's tab (a tab in the background has its animations paused).
    await page.bringToFront();

    await page.fill(id('member-code'), code ?? '');
    await page.click(id('member-sign-in-submit'));
    const greeting = page.locator(id('member-greeting'));
    await greeting.waitFor();
    expect(await greeting.textContent()).toContain('138****0001');
    await screenshot(page, 'h5-home', { settleMs: 3000 });
    await context.close();
  });

  it('console: staff see a partner contact phone masked, and reveal it only with a reason that is audited', async () => {
    const { keyId, secret } = await issueDemoKey(e2e.server);
    const client = new PartnerClient(e2e.server.url, { keyId, secret });
    const profile = await client.call('PATCH', '/partner/v1/profile', {
      body: { contactName: '陈经理', contactPhone: '13905750002' },
      idempotencyKey: 'e2e-profile-1',
    });
    expect(profile.status).toBe(200);

    const context = await desktopContext(e2e.browser, e2e.server.url);
    const page = await context.newPage();
    await consoleSignIn(page, 'zhejiang');
    await page.click(id('console-menu-partners'));
    const row = page.locator('tr', { hasText: '柯桥公交集团' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('139****0002');
    expect(await row.textContent()).not.toContain('13905750002');
    await row.locator(id('partner-reveal-phone')).click();
    await page.fill(id('partner-reveal-reason'), '联系核销事宜');
    await page.click(id('partner-reveal-reason-ok'));
    await page.getByText('13905750002').waitFor();
    await screenshot(page, 'console-partner-reveal', { settleMs: 800 });
    await page.keyboard.press('Escape');
    await page.click(id('console-menu-audit'));
    const audit = page.locator('tr', { hasText: '联系核销事宜' }).first();
    await audit.waitFor();
    expect(await audit.textContent()).toContain('省总工会管理员');
    await context.close();
  });

  it('console: a job run cut off by a failover shows why, in full, in the job’s history', async () => {
    // As the scheduler writes it when the database goes away under a run (scheduler.test.ts shows that on PostgreSQL).
    const now = Date.now();
    const error = t('problems.jobs.interrupted', { detail: 'Connection terminated unexpectedly' });
    await e2e.server.app.platform.db
      .insert(jobSchedules)
      .values({
        name: 'funds.verify-ledger',
        intervalSeconds: 86_400,
        nextRunAt: new Date(now + 86_389_000),
        lastStartedAt: new Date(now - 12_000),
        lastFinishedAt: new Date(now - 11_000),
        lastStatus: 'ok',
      })
      .onConflictDoNothing();
    const run = { name: 'funds.verify-ledger', instance: 'gonghui-2', attempt: 1 };
    await e2e.server.app.platform.db.insert(jobRuns).values([
      { ...run, startedAt: new Date(now - 25_000), finishedAt: new Date(now - 13_000), status: 'failed', error },
      { ...run, startedAt: new Date(now - 12_000), finishedAt: new Date(now - 11_000), status: 'ok', summary: 'the books agree' },
    ]);
    const context = await desktopContext(e2e.browser, e2e.server.url);
    const page = await context.newPage();
    await consoleSignIn(page, 'zhejiang');
    await page.click(id('console-menu-jobs'));
    await page.locator('tr', { hasText: 'funds.verify-ledger' }).first().getByText('运行记录').click();
    const interrupted = page.locator('.ant-drawer tr', { hasText: '失败' }).first();
    await interrupted.locator('.ant-table-row-expand-icon').click();
    await page.locator('.ant-drawer .ant-table-expanded-row').getByText(error).waitFor();
    await screenshot(page, 'console-job-interrupted', { settleMs: 500 });
    await context.close();
  });

  it('partner page: a partner signs in with its key', async () => {
    const { keyId, secret } = await issueDemoKey(e2e.server);
    const context = await desktopContext(e2e.browser, e2e.server.url);
    const page = await context.newPage();
    await page.goto('/partner/');
    await page.fill(id('partner-key-id'), keyId);
    await page.fill(id('partner-secret'), secret);
    await page.click(id('partner-sign-in-submit'));
    const welcome = page.locator(id('partner-welcome'));
    await welcome.waitFor();
    expect(await welcome.textContent()).toContain('柯桥公交集团');
    await screenshot(page, 'partner-home');
    await context.close();
  });
});

// The demo partner's key secret is only shown once (in the log); the test issues its own key.
async function issueDemoKey(server: E2eServer): Promise<{ keyId: string; secret: string }> {
  const everything = { orgId: '', path: '/' };
  // The bus company of the demo; the demo's convenience store (campaigns) is a partner too.
  const partner = (await listPartners(server.app.platform.db, server.app.platform, everything)).find((p) => p.name === '柯桥公交集团');
  if (!partner) throw new Error('demo partner missing');
  return issuePartnerKey(server.app.platform.db, server.app.platform, systemActor('e2e'), everything, partner.id, 'e2e');
}
