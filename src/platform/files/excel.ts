import type ExcelJS from 'exceljs';

/**
 * ExcelJS, loaded on the first .xlsx read or written: it costs a server 20 MB of RSS, and most
 * servers handle a spreadsheet now and then, not all the time.
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  const loaded = (await import('exceljs')) as { default?: typeof ExcelJS };
  // Imported from CommonJS (a thread's sources run through tsx's require hook), the package is its exports.
  return loaded.default ?? (loaded as unknown as typeof ExcelJS);
}

// Every spreadsheet we write goes through the helpers below (ESLint refuses addRow/addWorksheet
// elsewhere): a name typed by a worker or a union ends up in a file opened by union staff, and a cell
// that starts like a formula would run as one (OWASP: CSV injection, also called formula injection).

// Spreadsheets strip a leading tab or CR before they look for a formula, so those count as well.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet would take as a formula gets a leading apostrophe, as OWASP advises. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type SheetValue = string | number | boolean | Date | null | undefined;

/** Strings neutralised; numbers, dates and booleans stay what they are (a negative number is not text). */
export function safeCellValue(value: SheetValue): SheetValue {
  return typeof value === 'string' ? neutraliseFormula(value) : value;
}

/** Adds a row whose text cells cannot run as formulas. Returns the row (to style it, or commit it when streaming). */
export function addSafeRow(sheet: Pick<ExcelJS.Worksheet, 'addRow'>, values: readonly SheetValue[]): ExcelJS.Row {
  return sheet.addRow(values.map(safeCellValue));
}

const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\\p{Cc}]/gu;

/**
 * A worksheet name Excel accepts, from any text: none of []:*?/\ or controls, no leading or trailing
 * apostrophe, no leading formula character, at most 31 UTF-16 units (cut between characters, never
 * inside a surrogate pair), never the reserved "History"; `fallback` when nothing is left.
 */
export function safeSheetName(name: string, fallback = 'Sheet1'): string {
  let cleaned = name.replace(SHEET_NAME_FORBIDDEN, ' ').trim();
  cleaned = cleaned.replace(/^[='+\-@\s]+/u, '').replace(/['\s]+$/u, '');
  let cut = '';
  for (const char of cleaned) {
    if (cut.length + char.length > 31) break;
    cut += char;
  }
  cut = cut.replace(/['\s]+$/u, '');
  if (cut === '' || cut.toLowerCase() === 'history') return fallback;
  return cut;
}

/** Adds a worksheet under a name made safe with `safeSheetName`. */
export function addSafeWorksheet<W>(workbook: { addWorksheet(name: string): W }, name: string, fallback?: string): W {
  return workbook.addWorksheet(safeSheetName(name, fallback));
}

/**
 * One CSV field: numbers as they are; text neutralised like a cell, and quoted when it holds a quote, a
 * comma or semicolon (the field separator of some locales' Excel), or a line break or tab.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = neutraliseFormula(value);
  return /[",;\n\r\t]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
