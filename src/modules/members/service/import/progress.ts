// One import's counters, error report and progress.
import type { Platform } from '../../../../platform/context.js';
import type { FieldProblem } from '../../../../platform/errors/app-error.js';
import { importErrors, type imports } from '../../schema.js';
import { rowProblem } from './rows.js';
import { type ImportRow, update } from './job.js';
import type { RowSet } from '../../../../platform/files/rows.js';
import { BATCH, PROGRESS_EVERY_MS } from './writer.js';

/** What a caller following an import (the CLI) is told each time its job row is updated. */
export interface ImportProgress {
  status: ImportRow['status'];
  progress: number;
  processedRows: number;
  writtenRows: number;
}

/** One import's counters, its error report and its progress on the job row. */
export class ImportRun {
  total = 0;
  errorRows = 0;
  duplicateRows = 0;
  fileDuplicateRows = 0;
  warningRows = 0;
  bytesRead = 0;
  /** When the file is read twice: the rows the first reading found good and new, which the second writes. */
  writable: RowSet | null = null;
  private readonly pendingErrors: (typeof importErrors.$inferInsert)[] = [];
  private lastUpdate = performance.now();
  private saveSoon = false;
  private readonly state: ImportProgress;

  constructor(
    readonly p: Platform,
    readonly job: ImportRow,
    readonly size: number,
    private readonly onProgress: ((progress: ImportProgress) => void) | undefined,
  ) {
    this.state = { status: job.status, progress: 0, processedRows: 0, writtenRows: 0 };
  }

  reportRow(row: number, problems: FieldProblem[]): void {
    this.errorRows += 1;
    this.addProblems(row, problems);
  }

  reportWarnings(row: number, warnings: FieldProblem[]): void {
    if (warnings.length === 0) return;
    this.warningRows += 1;
    this.addProblems(row, warnings);
  }

  reportDuplicate(row: number, code: 'duplicate_in_file' | 'duplicate_on_roll', params: Record<string, unknown> = {}): void {
    if (code === 'duplicate_in_file') this.fileDuplicateRows += 1;
    else this.duplicateRows += 1;
    this.addProblems(row, [rowProblem(row, 'idNumber', code, params)]);
  }

  private addProblems(row: number, problems: FieldProblem[]): void {
    for (const x of problems) {
      this.pendingErrors.push({ importId: this.job.id, row, column: x.column ?? x.field, code: x.code, message: x.message });
    }
  }

  /** A batch is written: the next save goes to the job row at once (its progress is news). */
  batchWritten(): void {
    this.saveSoon = true;
  }

  get rejects(): number {
    return this.errorRows + this.duplicateRows + this.fileDuplicateRows;
  }

  counters() {
    return {
      processedRows: this.total,
      errorRows: this.errorRows,
      duplicateRows: this.duplicateRows,
      fileDuplicateRows: this.fileDuplicateRows,
      warningRows: this.warningRows,
    };
  }

  /** Writes the reported problems once enough have gathered (or `all`), and the progress once a second. */
  async save(progress: number, extra: Partial<typeof imports.$inferInsert> = {}, all = false): Promise<void> {
    if (this.pendingErrors.length >= BATCH || (all && this.pendingErrors.length > 0)) {
      await this.p.db.insert(importErrors).values(this.pendingErrors.splice(0));
    }
    if (!all && !this.saveSoon && performance.now() - this.lastUpdate < PROGRESS_EVERY_MS) return;
    this.saveSoon = false;
    this.lastUpdate = performance.now();
    await this.set({ ...this.counters(), progress: Math.floor(progress), ...extra });
  }

  /** Updates the job row (and its heartbeat), and tells whoever follows the import. */
  async set(fields: Partial<typeof imports.$inferInsert>): Promise<void> {
    await update(this.p.db, this.job.id, fields);
    if (fields.status !== undefined) this.state.status = fields.status;
    if (fields.progress !== undefined) this.state.progress = fields.progress;
    if (fields.processedRows !== undefined) this.state.processedRows = fields.processedRows;
    if (fields.writtenRows !== undefined) this.state.writtenRows = fields.writtenRows;
    this.onProgress?.({ ...this.state });
  }

  /** The share of the file read, 0–1. */
  get read(): number {
    return this.size > 0 ? Math.min(1, this.bytesRead / this.size) : 1;
  }
}
