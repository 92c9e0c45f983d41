// The report of an import's bad rows as the uploader downloads it: a CSV (with a BOM, so Excel opens
// it as UTF-8) of row, column, code and message, streamed a page at a time however long it is.
import { csvCell } from './excel.js';

/** One problem of one row, as an import records it. */
export interface ReportedProblem {
  row: number;
  column: string;
  code: string;
  message: string;
}

const PAGE = 5000;

/**
 * The report's lines. `page(afterRow, limit)` reads the problems of rows after `afterRow`, in row
 * order; a row's problems are never split across two pages.
 */
export async function* problemReportCsv(
  header: string,
  page: (afterRow: number, limit: number) => Promise<ReportedProblem[]>,
): AsyncGenerator<string> {
  yield `\uFEFF${header}\n`;
  let after = 0;
  for (;;) {
    const problems = await page(after, PAGE);
    if (problems.length === 0) return;
    // A full page may end inside a row: that row is read again, whole, with the next page.
    const lastRow = problems.length === PAGE ? (problems[problems.length - 1]?.row ?? 0) - 1 : Number.MAX_SAFE_INTEGER;
    const lines = problems.filter((e) => e.row <= lastRow).map((e) => [e.row, e.column, e.code, e.message].map(csvCell).join(','));
    if (lines.length === 0) return;
    yield `${lines.join('\n')}\n`;
    after = Math.min(lastRow, problems[problems.length - 1]?.row ?? lastRow);
  }
}
