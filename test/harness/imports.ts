// The roll import through its HTTP API, as the console uses it.
import { expect } from 'vitest';
import type { TestApp } from './app.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function uploadRoll(t: TestApp, body: string | Buffer, query: string, options: { type?: string; staff?: string } = {}) {
  return t.request({
    method: 'POST',
    url: `/api/console/member-imports?${query}`,
    cookie: await t.staffCookie(options.staff ?? 'keqiao'),
    body,
    headers: { 'content-type': options.type ?? 'text/csv' },
  });
}

/** The job once it has stopped (polled until completed, rejected or failed). */
export async function finishedImport(t: TestApp, id: string, staff = 'keqiao') {
  const cookie = await t.staffCookie(staff);
  const read = async () => (await t.request({ method: 'GET', url: `/api/console/member-imports/${id}`, cookie })).json();
  await expect.poll(async () => (await read()).status, { timeout: 60_000, interval: 20 }).toMatch(/^(completed|rejected|failed)$/);
  return read();
}

/** Uploads a file and waits for its import to stop; the upload must be accepted. */
export async function importRoll(t: TestApp, body: string | Buffer, query: string, options: { type?: string; staff?: string } = {}) {
  const response = await uploadRoll(t, body, query, options);
  expect(response.statusCode, response.body).toBe(202);
  return finishedImport(t, response.json().id as string, options.staff);
}

/** The lines of an import's downloadable error report, its header first. */
export async function importReport(t: TestApp, importId: string): Promise<string[]> {
  const report = await t.request({
    method: 'GET',
    url: `/api/console/member-imports/${importId}/errors.csv`,
    cookie: await t.staffCookie('keqiao'),
  });
  return report.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
}

/** Row, column and code of each line of a report (its header left out). */
export const reportCodes = (lines: string[]) => lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','));
