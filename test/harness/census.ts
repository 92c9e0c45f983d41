// The census through its HTTP API, as the console uses it.
import { expect } from 'vitest';
import type { TestApp } from './app.js';

export async function createSource(t: TestApp, name: string, kind = 'market_regulation', staff = 'keqiao'): Promise<string> {
  const response = await t.request({
    method: 'POST',
    url: '/api/console/census/sources',
    cookie: await t.staffCookie(staff),
    body: { name, kind },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

export async function uploadList(t: TestApp, body: string | Buffer, query: string, options: { type?: string; staff?: string } = {}) {
  return t.request({
    method: 'POST',
    url: `/api/console/census/lists?${query}`,
    cookie: await t.staffCookie(options.staff ?? 'keqiao'),
    body,
    headers: { 'content-type': options.type ?? 'text/csv' },
  });
}

/** The list once its job has stopped (polled until completed, rejected or failed). */
export async function finishedList(t: TestApp, id: string, staff = 'keqiao') {
  const cookie = await t.staffCookie(staff);
  const read = async () => (await t.request({ method: 'GET', url: `/api/console/census/lists/${id}`, cookie })).json();
  await expect.poll(async () => (await read()).status, { timeout: 60_000, interval: 20 }).toMatch(/^(completed|rejected|failed)$/);
  return read();
}

/** Uploads a list and waits for it to stop; the upload must be accepted. */
export async function importList(t: TestApp, body: string | Buffer, query: string, options: { type?: string; staff?: string } = {}) {
  const response = await uploadList(t, body, query, options);
  expect(response.statusCode, response.body).toBe(202);
  return finishedList(t, response.json<{ id: string }>().id, options.staff);
}

export async function listReport(t: TestApp, listId: string, staff = 'keqiao'): Promise<string[]> {
  const report = await t.request({
    method: 'GET',
    url: `/api/console/census/lists/${listId}/errors.csv`,
    cookie: await t.staffCookie(staff),
  });
  return report.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
}

export async function coverage(t: TestApp, query = '', staff = 'keqiao') {
  const response = await t.request({
    method: 'GET',
    url: `/api/console/census/coverage${query ? `?${query}` : ''}`,
    cookie: await t.staffCookie(staff),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
