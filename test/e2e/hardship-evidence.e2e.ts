// 证明材料 in Chromium: a rider who applied for hardship help sends a photo of his diagnosis from 我的帮扶
// with its progress (a Windows program renamed .jpg is refused in the server's words, under its name);
// 柯桥's staff find it on the file's page as the worker's, add two photos of the home visit at once with
// a caption, and open one in the preview; screenshots of both.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIResponse } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { makeExe, makeJpeg, makePng } from '../../src/platform/files/testing.js';
import { makeIdNumber } from '../harness/members.js';
import { consoleSignIn, desktopContext, screenshot, signedInPhone, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;
const RIDER_PHONE = '13805752031';

async function json<T>(response: APIResponse): Promise<T> {
  if (!response.ok()) throw new Error(`${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

describe('证明材料 of a hardship file', () => {
  const e2e = useBrowserAndServer();
  // setInputFiles takes paths: the test's files are real bytes written to a folder of their own.
  const dir = mkdtempSync(path.join(tmpdir(), 'gonghui-evidence-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Buffer) => {
    const at = path.join(dir, name);
    writeFileSync(at, bytes);
    return at;
  };

  it('the worker adds his diagnosis from 我的帮扶 (a renamed program refused in words), staff see it and add the visit photos', async () => {
    const { browser, server } = e2e;
    const desk = await desktopContext(browser, server.url);
    const consolePage = await desk.newPage();
    await consoleSignIn(consolePage, 'keqiao');
    const staff = consolePage.request;
    const keqiao = (await json<{ org: { id: string } }>(await staff.get('/api/console/me'))).org;
    // The district's 困难认定标准 first: an application below it is refused without one.
    await json(
      await staff.put(`/api/console/hardship-settings/${keqiao.id}`, {
        data: { minimumLivingFen: 100_000, relativeMultiple: 1.5, noticeDays: 5 },
      }),
    );
    const street = (
      await json<{ items: { id: string; name: string }[] }>(await staff.get(`/api/console/orgs?q=${encodeURIComponent('柯桥街道总工会')}`))
    ).items.find((o) => o.name === '柯桥街道总工会') as { id: string };

    // 1. The rider applies (through the H5's own call, as the apply page sends it: that page has its own test).
    const phone = await signedInPhone(browser, server.url, RIDER_PHONE);
    const applied = await json<{ id: string; fileNumber: string }>(
      await phone.request.post('/api/member/hardship-files', {
        data: {
          orgId: street.id,
          applicant: { name: '赵立新', idNumber: makeIdNumber('330621', '19860415', 61) },
          members: [
            { name: '赵立新', relation: 'self', age: 40, health: 'healthy', schooling: 'not_applicable', monthlyIncomeFen: 240_000 },
            { name: '孙梅', relation: 'spouse', age: 38, health: 'unable_to_work', schooling: 'not_applicable', monthlyIncomeFen: 0 },
          ],
          declaredSize: 2,
          declaredMonthlyIncomeFen: 240_000,
          causes: [{ cause: 'illness', since: '2026-03-01' }],
        },
      }),
    );

    // 2. 我的帮扶: the card offers 补充证明材料 while the file is being decided.
    const page = await phone.newPage();
    // The phones this is for: WeChat on a 360×640 Android screen.
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto('/hardship');
    const card = page.locator(`${id('hardship-file')}[data-id="${applied.id}"]`);
    const section = card.locator(id('hardship-evidence'));
    await section.waitFor();
    expect(await section.getAttribute('data-closed')).toBe('false');
    expect(await section.locator('input[type="file"]').getAttribute('accept')).toBe('image/*,application/pdf');

    // His diagnosis, photographed: sent, its progress at 100 %, and its name in the list.
    await section.locator(id('hardship-evidence-input')).setInputFiles(file('诊断证明.jpg', makeJpeg()));
    const sent = section.locator(`${id('hardship-evidence-upload')}[data-name="诊断证明.jpg"]`);
    await expect.poll(() => sent.getAttribute('data-state')).toBe('done');
    expect(await sent.textContent()).toContain('已上传');
    await expect.poll(() => section.locator(id('hardship-evidence-name')).allTextContents()).toEqual(['诊断证明.jpg']);

    // A program renamed .jpg: the server reads its bytes and refuses it; he reads why, under its name.
    await section.locator(id('hardship-evidence-input')).setInputFiles(file('病历.jpg', makeExe()));
    const refused = section.locator(`${id('hardship-evidence-upload')}[data-name="病历.jpg"]`);
    await expect.poll(() => refused.getAttribute('data-state')).toBe('failed');
    expect(await refused.locator(id('hardship-evidence-upload-reason')).textContent()).toBe(
      '上传失败：只能上传照片（JPEG、PNG、WebP）或 PDF 文件（按文件内容判断，改扩展名无效）',
    );
    expect(await section.locator(id('hardship-evidence-name')).allTextContents()).toEqual(['诊断证明.jpg']);

    // A scan of 11 MB: refused on the phone against the server's limit (10 MB), before it is sent.
    const sentUploads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/evidence')) sentUploads.push(request.url());
    });
    const big = Buffer.concat([makeJpeg(), Buffer.alloc(11 * 2 ** 20 - makeJpeg().length)]);
    await section.locator(id('hardship-evidence-input')).setInputFiles(file('CT片.jpg', big));
    const tooBig = section.locator(`${id('hardship-evidence-upload')}[data-name="CT片.jpg"]`);
    await expect.poll(() => tooBig.getAttribute('data-state')).toBe('failed');
    expect(await tooBig.locator(id('hardship-evidence-upload-reason')).textContent()).toBe(
      '上传失败：文件 11.0 MB，超过 10.0 MB 的上限。请拍得小一些，或截取需要的部分后再上传',
    );
    expect(sentUploads).toEqual([]);
    await card.locator(id('hardship-file-number')).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate('window.scrollBy(0, -40)');
    await screenshot(page, 'hardship-evidence-h5', { settleMs: 300 });

    // 3. The file's page in the console: his certificate, marked as his, with its size.
    await consolePage.goto(`/console/hardship/${applied.id}`);
    const panel = consolePage.locator(id('hardship-evidence'));
    const items = panel.locator(id('hardship-evidence-item'));
    await expect.poll(() => items.count()).toBe(1);
    const first = items.first();
    expect(await first.getAttribute('data-kind')).toBe('certificate');
    expect(await first.textContent()).toContain('诊断证明.jpg');
    expect(await first.textContent()).toContain('职工本人上传于');
    expect(await panel.locator(id('hardship-evidence-limit')).textContent()).toContain('每个不超过 10 MB');

    // Two photos of the visit at once, with a caption: each one's own progress, both listed after his.
    await panel.locator(`${id('hardship-evidence-kind')} .ant-segmented-item`, { hasText: '入户核查照片' }).click();
    await panel.locator(id('hardship-evidence-caption')).fill('家中厨房和卧室');
    await panel
      .locator(id('hardship-evidence-input'))
      .setInputFiles([file('厨房.png', makePng(640, 480, 3)), file('卧室.png', makePng(480, 640, 9)), file('说明.jpg', makeExe())]);
    const uploads = panel.locator(id('hardship-evidence-upload'));
    await expect
      .poll(() => uploads.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-name')}:${r.getAttribute('data-state')}`)))
      .toEqual(['厨房.png:done', '卧室.png:done', '说明.jpg:failed']);
    expect(await uploads.nth(2).locator(id('hardship-evidence-upload-reason')).textContent()).toContain(
      '只能上传照片（JPEG、PNG、WebP）或 PDF 文件',
    );
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-kind')}:${r.getAttribute('data-name')}`))).toEqual([
      'certificate:诊断证明.jpg',
      'visit_photo:厨房.png',
      'visit_photo:卧室.png',
    ]);
    expect(await items.nth(1).textContent()).toContain('家中厨房和卧室');
    expect(await items.nth(1).textContent()).toContain('工作人员上传于');
    // The thumbnails are the bytes read back through the console's audited route.
    await expect
      .poll(() =>
        items
          .nth(1)
          .locator('img')
          .evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth),
      )
      .toBe(640);

    // The picture shows the panel, not the toast fading over the figures or the caption box's focus ring.
    await panel.locator(id('hardship-evidence-caption')).blur();
    await expect.poll(() => consolePage.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await consolePage.evaluate('window.scrollBy(0, -16)');
    await screenshot(consolePage, 'hardship-evidence', { settleMs: 300 });

    // The kitchen photo in the preview.
    await items.nth(1).locator('.ant-image').click();
    const preview = consolePage.locator('.ant-image-preview-img');
    await preview.waitFor();
    expect(await preview.getAttribute('src')).toMatch(/^\/api\/console\/hardship-evidence\//);
    await consolePage.keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });

    await page.close();
    await phone.close();
    await desk.close();
  });
});
