import type ExcelJS from 'exceljs';

/**
 * ExcelJS, loaded on the first .xlsx read or written: it costs a server 20 MB of RSS, and most
 * servers handle a spreadsheet now and then, not all the time.
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
