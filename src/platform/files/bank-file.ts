// The bank file (银行代发清单) a union's finance sends for a batch of payments: a title line, who exported
// it and when, the header, one row per payee with the whole name, 身份证号 and account the bank needs,
// and the total. Streamed; the caller audits the export (with its reason) before a byte is written.
import type { Writable } from 'node:stream';
import { addSafeRow, addSafeWorksheet, loadExcel } from './excel.js';

export interface BankFileRow {
  name: string;
  idNumber: string;
  bank: string;
  accountNo: string;
  amountFen: number;
  memo: string;
  /** The paying module's own number for the payment (档案号, 申请编号). */
  ref: string;
}

export interface BankFile {
  sheet: string;
  title: string;
  byline: string;
  /** The eight headers: 序号, 姓名, 身份证号, 开户银行, 银行账号, 金额（元）, 摘要, and the ref's. */
  headers: readonly [string, string, string, string, string, string, string, string];
  totalLabel: string;
  totalFen: number;
  creator: string;
  created: Date;
}

/** Writes the file to `out`; answers how many payees it lists. */
export async function writeBankFileXlsx(out: Writable, file: BankFile, rows: readonly BankFileRow[]): Promise<number> {
  const workbook = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = file.creator;
  workbook.created = file.created;
  const sheet = addSafeWorksheet(workbook, file.sheet);
  const columns = ['no', 'name', 'idNumber', 'bank', 'account', 'amount', 'memo', 'ref'] as const;
  sheet.columns = columns.map((key) => ({ key, width: key === 'name' || key === 'amount' || key === 'no' ? 12 : 24 }));
  addSafeRow(sheet, [file.title]).commit();
  addSafeRow(sheet, [file.byline]).commit();
  const header = addSafeRow(sheet, [...file.headers]);
  header.font = { bold: true };
  header.commit();
  rows.forEach((r, i) => addSafeRow(sheet, [i + 1, r.name, r.idNumber, r.bank, r.accountNo, r.amountFen / 100, r.memo, r.ref]).commit());
  addSafeRow(sheet, ['', file.totalLabel, '', '', '', file.totalFen / 100]).commit();
  sheet.commit();
  await workbook.commit();
  return rows.length;
}
