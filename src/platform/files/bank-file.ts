// The bank file (银行代发清单) a union's finance sends for a batch of payments: a title line, who exported
// it and when, the header, one row per payee with the whole name, 身份证号 and account the bank needs,
// and the total. Streamed; the caller audits the export (with its reason) before a byte is written.
import type { Writable } from 'node:stream';
import { t } from '../i18n/i18n.js';
import { shanghaiTimeText } from '../time/shanghai.js';
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

/** What a paying module says of its batch; the sheet, the byline, the common columns and the total's label are the file's own. */
export interface BankFile {
  title: string;
  /** The header of the ref column (档案号, 申请编号). */
  refHeader: string;
  totalFen: number;
  /** Who exports it, and when. */
  creator: string;
  created: Date;
}

const COMMON_HEADERS = ['no', 'name', 'idNumber', 'bank', 'account', 'amount', 'memo'] as const;

/** Writes the file to `out`; answers how many payees it lists. */
export async function writeBankFileXlsx(out: Writable, file: BankFile, rows: readonly BankFileRow[]): Promise<number> {
  const workbook = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = file.creator;
  workbook.created = file.created;
  const sheet = addSafeWorksheet(workbook, t('files.bank.sheet'));
  const columns = ['no', 'name', 'idNumber', 'bank', 'account', 'amount', 'memo', 'ref'] as const;
  sheet.columns = columns.map((key) => ({ key, width: key === 'name' || key === 'amount' || key === 'no' ? 12 : 24 }));
  addSafeRow(sheet, [file.title]).commit();
  addSafeRow(sheet, [t('files.bank.byline', { name: file.creator, time: shanghaiTimeText(file.created) })]).commit();
  const header = addSafeRow(sheet, [...COMMON_HEADERS.map((c) => t(`files.bank.col.${c}`)), file.refHeader]);
  header.font = { bold: true };
  header.commit();
  rows.forEach((r, i) => addSafeRow(sheet, [i + 1, r.name, r.idNumber, r.bank, r.accountNo, r.amountFen / 100, r.memo, r.ref]).commit());
  addSafeRow(sheet, ['', t('files.bank.total'), '', '', '', file.totalFen / 100]).commit();
  sheet.commit();
  await workbook.commit();
  return rows.length;
}
