// Reading a census list: every row parsed, checked, encrypted and written as COPY tuples for the stage.
// It runs in a thread of its own (list-reader-thread.ts, started by import.ts): a million rows make
// garbage by the gigabyte, which on the server's thread grew the server's heap past its memory budget
// and held its requests between rows. The thread's heap is bounded; only the tuples, the problems and
// the counters cross to the server's thread, which writes them.
import type { MessagePort } from 'node:worker_threads';
import { BinaryWriter, CHUNK_BYTES } from '../../../platform/db/copy-binary.js';
import { pooledUuidv7 } from '../../../platform/db/columns.js';
import { FieldCryptoPool, type FieldKeys, type FieldOp } from '../../../platform/crypto/field-crypto-pool.js';
import { isAppError } from '../../../platform/errors/app-error.js';
import { SeenIds } from '../../../platform/files/rows.js';
import { cellsByField, readTable, TableReadError, type TableFormat, type TextEncoding } from '../../../platform/files/table.js';
import { addMessages, t, type Messages } from '../../../platform/i18n/i18n.js';
import type { Trade } from '#modules/orgs';
import { censusErrors } from '../errors.js';
import { checkListedRow, phoneNameKey, rowProblem, type CensusField, type ListedPerson, type RowProblem } from '../rules.js';
import { columnsOf, suggestFor } from './columns.js';
import type { CensusMapping } from './lists.js';

/** What the thread is started with. */
export interface ListReaderSetup {
  listId: string;
  file: string;
  format: TableFormat;
  encoding: TextEncoding | null;
  /** The mapping the uploader confirmed, if any; else the source's remembered one fills in. */
  mapping: CensusMapping | null;
  remembered: CensusMapping;
  defaults: { regionCode: string; trade: Trade | null };
  keys: FieldKeys;
  /** The cryptography of a row, in the order of STAGE_COLUMNS' ciphers and indexes (import.ts). */
  ops: readonly FieldOp[];
  maxRows: number;
  /** The installed messages: the thread has not installed the module list, whose catalogues they are. */
  messages: Messages;
}

export interface ReadCounters {
  total: number;
  errorRows: number;
  warningRows: number;
  fileDuplicateRows: number;
  bytesRead: number;
}

export interface ProblemRow {
  row: number;
  column: string;
  code: string;
  message: string;
}

/**
 * The thread's messages, each answered by an acknowledgement once the server's thread has written it:
 * at most two wait unanswered, so the reading runs one batch ahead of the COPY and no further.
 */
export type ListReaderMessage =
  | { kind: 'header' }
  | { kind: 'batch'; tuples: ArrayBuffer | null; rows: number; problems: ProblemRow[]; counters: ReadCounters }
  | { kind: 'done'; counters: ReadCounters }
  | { kind: 'failed'; message: string };

/** The stage's columns, in the order each tuple carries them. */
export const STAGE_COLUMNS = [
  'list_id',
  'row',
  'person_id',
  'name_cipher',
  'id_number_cipher',
  'id_index',
  'phone_cipher',
  'phone_index',
  'phone_name_index',
  'trade',
  'region_code',
  'employer_name',
] as const;

// Good rows a batch: one COPY.
const BATCH = 5_000;
// Rows handed to a crypto thread at once.
const ENCRYPT_CHUNK = 250;
// A batch goes at least this often, full or not, so that progress and problems keep moving.
const PROGRESS_EVERY_MS = 1_000;
const UNANSWERED = 2;

/** The values a row's cryptography (`ops`) takes, in its order. */
export const valuesOf = (x: ListedPerson): (string | null)[] => [
  x.name,
  x.idNumber,
  x.idNumber,
  x.phone,
  x.phone,
  x.phone ? phoneNameKey(x.phone, x.name) : null,
];

/** Messages to the server's thread, holding back while two wait for their answer. */
class Outbox {
  private unanswered = 0;
  private wake: (() => void) | null = null;

  constructor(private readonly port: MessagePort) {
    port.on('message', () => {
      this.unanswered -= 1;
      this.wake?.();
      this.wake = null;
    });
  }

  async send(message: ListReaderMessage, transfer: ArrayBuffer[] = []): Promise<void> {
    while (this.unanswered >= UNANSWERED) await new Promise<void>((resolve) => (this.wake = resolve));
    this.unanswered += 1;
    this.port.postMessage(message, transfer);
  }

  /** Ends the thread's listening, so that it can exit. */
  close(): void {
    this.port.removeAllListeners('message');
    this.port.unref();
  }
}

/** Reads the list to its end and tells the server's thread; never throws (a failure is a message). */
export async function readList(setup: ListReaderSetup, port: MessagePort): Promise<void> {
  addMessages('zh-CN', setup.messages);
  const outbox = new Outbox(port);
  const reading = new ListReading(setup, outbox);
  try {
    await reading.run();
  } catch (error) {
    const failure = error instanceof TableReadError ? censusErrors.listUnreadable({ reason: error.reason }, { cause: error }) : error;
    const message = isAppError(failure) ? t(`errors.${failure.code}`, failure.params) : String(failure);
    await outbox.send({ kind: 'failed', message });
  } finally {
    await reading.close();
    outbox.close();
  }
}

class ListReading {
  private readonly counters: ReadCounters = { total: 0, errorRows: 0, warningRows: 0, fileDuplicateRows: 0, bytesRead: 0 };
  private readonly problems: ProblemRow[] = [];
  private readonly tuples = new BinaryWriter(CHUNK_BYTES);
  private rows = 0;
  private lastSent = performance.now();
  private readonly crypto: FieldCryptoPool;
  // The first row of each person in the file: a person's later rows are reported against it.
  private readonly firstRowOf: SeenIds;
  private chunk: { row: number; person: ListedPerson }[] = [];
  private readonly inFlight: { rows: { row: number; person: ListedPerson }[]; out: Promise<(Buffer | null)[]> }[] = [];

  constructor(
    private readonly setup: ListReaderSetup,
    private readonly outbox: Outbox,
  ) {
    this.crypto = new FieldCryptoPool(setup.keys, setup.ops);
    this.firstRowOf = new SeenIds(setup.maxRows);
  }

  async run(): Promise<void> {
    const { setup, counters } = this;
    let columns: Map<number, CensusField> | null = null;
    for await (const { row, cells } of readTable(setup.file, setup.format, {
      onBytes: (n) => (counters.bytesRead += n),
      ...(setup.encoding ? { encoding: setup.encoding } : {}),
    })) {
      if (!columns) {
        columns = columnsOf(cells, setup.mapping ?? suggestFor(cells, setup.remembered), setup.defaults.trade);
        await this.outbox.send({ kind: 'header' });
        continue;
      }
      counters.total += 1;
      if (counters.total > setup.maxRows) {
        throw censusErrors.listUnreadable({ reason: t('problems.census.too_many_rows', { max: setup.maxRows }) });
      }
      const checked = checkListedRow(cellsByField(cells, columns), setup.defaults);
      if (!checked.ok) this.report(row, checked.problems, 'error');
      else {
        this.report(row, checked.warnings, 'warning');
        this.chunk.push({ row, person: checked.person });
        if (this.chunk.length >= ENCRYPT_CHUNK) await this.encrypt();
      }
      if (this.problems.length >= BATCH || performance.now() - this.lastSent >= PROGRESS_EVERY_MS) await this.sendBatch();
    }
    if (!columns || counters.total === 0) throw censusErrors.listUnreadable({ reason: t('problems.files.empty') });
    await this.encrypt();
    while (this.inFlight.length > 0) await this.deliverOldest();
    await this.sendBatch();
    await this.outbox.send({ kind: 'done', counters: { ...counters } });
  }

  async close(): Promise<void> {
    await this.crypto.close();
  }

  private report(row: number, problems: readonly RowProblem[], kind: 'error' | 'warning'): void {
    if (problems.length === 0) return;
    if (kind === 'error') this.counters.errorRows += 1;
    else this.counters.warningRows += 1;
    for (const x of problems) this.problems.push({ row, column: x.column, code: x.code, message: x.message });
  }

  private async encrypt(): Promise<void> {
    if (this.chunk.length === 0) return;
    const rows = this.chunk;
    this.chunk = [];
    const out = this.crypto.run(rows.flatMap((r) => valuesOf(r.person)));
    out.catch(() => undefined); // awaited in turn by deliverOldest
    this.inFlight.push({ rows, out });
    while (this.inFlight.length > Math.max(1, this.crypto.size)) await this.deliverOldest();
  }

  /** The oldest chunk's rows, in the file's order: the first row of a person is the one staged. */
  private async deliverOldest(): Promise<void> {
    const oldest = this.inFlight.shift();
    if (!oldest) return;
    const out = await oldest.out;
    const width = this.setup.ops.length;
    for (let i = 0; i < oldest.rows.length; i++) {
      const { row, person } = oldest.rows[i] as { row: number; person: ListedPerson };
      const values = out.slice(i * width, (i + 1) * width);
      // A person is their 身份证号, or, listed without one, their phone and name.
      const key = values[2] ?? values[5];
      if (!key) continue;
      const first = this.firstRowOf.get(key);
      if (first !== undefined) {
        this.counters.fileDuplicateRows += 1;
        const x = rowProblem('name', 'duplicate_in_file', { row: first });
        this.problems.push({ row, column: x.column, code: x.code, message: x.message });
        continue;
      }
      this.firstRowOf.set(key, row);
      this.write(row, person, values);
    }
    if (this.rows >= BATCH) await this.sendBatch();
  }

  private write(row: number, person: ListedPerson, out: readonly (Buffer | null)[]): void {
    const [nameCipher, idNumberCipher, idIndex, phoneCipher, phoneIndex, phoneNameIndex] = out;
    const w = this.tuples;
    w.int16(STAGE_COLUMNS.length);
    w.uuid(this.setup.listId);
    w.int4(row);
    // A new person's id; the census's own replaces it when the person is counted already.
    w.uuid(pooledUuidv7());
    w.bytes(nameCipher ?? null);
    w.bytes(idNumberCipher ?? null);
    w.bytes(idIndex ?? null);
    w.bytes(phoneCipher ?? null);
    w.bytes(phoneIndex ?? null);
    w.bytes(phoneNameIndex ?? null);
    w.text(person.trade);
    w.text(person.regionCode);
    w.text(person.employerName);
    this.rows += 1;
  }

  private async sendBatch(): Promise<void> {
    // Its own ArrayBuffer, handed over whole; the writer keeps its buffer for the next batch.
    const tuples = this.rows > 0 ? new Uint8Array(this.tuples.view()).buffer : null;
    const rows = this.rows;
    this.tuples.rewind();
    this.rows = 0;
    this.lastSent = performance.now();
    await this.outbox.send(
      { kind: 'batch', tuples, rows, problems: this.problems.splice(0), counters: { ...this.counters } },
      tuples ? [tuples] : [],
    );
  }
}
