// The H5's form controls as a finger works them (antd-mobile's region popup, choice lists, chips and
// date wheels), and the JSON of an API answer: shared by the hardship H5 browser tests.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const id = (testId: string) => `[data-testid="${testId}"]`;

export async function json<T>(response: {
  ok: () => boolean;
  status: () => number;
  text: () => Promise<string>;
  json: () => Promise<unknown>;
}) {
  if (!response.ok()) throw new Error(`${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function pickRegion(page: Page, testId: string, names: string[]): Promise<void> {
  await page.click(id(testId));
  const tabs = page.locator('.gh-region-popup .adm-tabs-tab');
  await tabs.first().waitFor();
  await tabs.first().click();
  for (const name of names) {
    const item = page.locator('.gh-region-popup .adm-check-list-item', { hasText: new RegExp(`^${name}$`) }).first();
    await item.waitFor();
    await item.click();
  }
  await page.locator('.gh-region-popup').waitFor({ state: 'hidden' });
}

/** A choice from the list a relation or schooling field opens. */
export async function choose(page: Page, testId: string, label: string): Promise<void> {
  await page.click(id(testId));
  await page.locator(`${id(`${testId}-options`)} .adm-check-list-item`, { hasText: new RegExp(`^${label}$`) }).click();
  await page.locator(id(`${testId}-options`)).waitFor({ state: 'detached' });
}

export async function chip(page: Page, testId: string, label: string): Promise<void> {
  await page.locator(`${id(testId)} .adm-selector-item`, { hasText: new RegExp(`^${label}$`) }).click();
}

/** A day on the date picker's wheels (year, month, day), then 确定. */
export async function pickDay(page: Page, testId: string, day: string): Promise<void> {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  await page.click(id(testId));
  const columns = page.locator('.adm-picker-view-column');
  await columns.nth(2).waitFor();
  for (const [column, label] of [
    [0, `${year}年`],
    [1, `${month}月`],
    [2, `${date}日`],
  ] as const) {
    const item = columns.nth(column).locator('.adm-picker-view-column-item', { hasText: new RegExp(`^${label}$`) });
    // Items away from the middle of a wheel are out of its window: tap them as a finger would, by their handler.
    await item.dispatchEvent('click');
    await expect.poll(() => item.getAttribute('data-selected')).toBe('true');
  }
  await page.locator('.adm-picker-header-button', { hasText: '确定' }).click();
  await expect.poll(() => page.locator(id(testId)).getAttribute('data-value')).toBe(day);
}
