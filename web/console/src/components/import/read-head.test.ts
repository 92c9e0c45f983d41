import { describe, expect, it } from 'vitest';
import { PREVIEW_CSV_BYTES, readHead, uploadType, XLSX_TYPE } from './read-head.ts';

describe(readHead.name, () => {
  it('sends the first 64 KB of a large CSV, marked truncated', () => {
    const head = readHead(new File([new Uint8Array(PREVIEW_CSV_BYTES + 10)], 'list.CSV'));
    expect(head).toMatchObject({ contentType: 'text/csv', truncated: true });
    expect(head.body.size).toBe(PREVIEW_CSV_BYTES);
  });

  it('sends a small CSV and any workbook whole: a workbook’s index is at its end', () => {
    const small = readHead(new File([new Uint8Array(100)], 'list.csv'));
    expect(small).toMatchObject({ contentType: 'text/csv', truncated: false });
    expect(small.body.size).toBe(100);
    const book = readHead(new File([new Uint8Array(PREVIEW_CSV_BYTES * 2)], 'list.xlsx'));
    expect(book).toMatchObject({ contentType: XLSX_TYPE, truncated: false });
    expect(book.body.size).toBe(PREVIEW_CSV_BYTES * 2);
    expect(uploadType({ name: 'a.xlsx' })).toBe(XLSX_TYPE);
  });
});
