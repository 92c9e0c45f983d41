// Writing checked rows to the roll (or its staging table) in batches, encrypted in worker threads.
import type { Platform } from '../../../../platform/context.js';
import type { Database } from '../../../../platform/db/client.js';
import { formatMemberNo, isNewFormTrade } from '../../rules.js';
import { idIndexKey, MemberBatch, newMemberId, stageMemberBatch, writeMemberBatch } from '../bulk.js';
import { nextMemberSequences, provinceOf } from '../common.js';
import type { CheckedRow } from './rows.js';
import type { PersonEncryptor, PersonColumns } from '../person.js';

// A batch is one COPY in one transaction. Bigger batches cost fewer round trips and commits, smaller
// ones less memory: the rows of two batches (one being written, one being built) are alive at once.
export const BATCH = 5_000;
// The job runs on the server's event loop: it yields this often, so requests (and the COPY of the
// batch before, which needs the loop to reach its socket) are never kept waiting for long.
export const YIELD_EVERY = 200;
// The job row is a heartbeat and the console's progress bar; once a second is enough for both.
export const PROGRESS_EVERY_MS = 1_000;

/**
 * Member numbers for one import, taken from the sequence a batch's worth at a time per province and
 * kept as numbers (formatted when used), not as thousands of strings that would outlive V8's young
 * generation. The numbers of the last take are not all used: the sequence has gaps anyway (a
 * rolled-back join leaves one too), and numbers are unique, not consecutive.
 */
class MemberNumbers {
  private readonly free = new Map<string, { values: Float64Array; next: number }>();

  constructor(private readonly p: Platform) {}

  /** The next number for this province; `ready` must have been awaited first. */
  take(province: string): string {
    const taken = this.free.get(province) as { values: Float64Array; next: number };
    return formatMemberNo(province, taken.values[taken.next++] as number);
  }

  async ready(province: string): Promise<void> {
    const taken = this.free.get(province);
    if (taken && taken.next < taken.values.length) return;
    this.free.set(province, { values: await nextMemberSequences(this.p.db, BATCH), next: 0 });
  }
}

/**
 * Writes checked rows to the roll (or, `staged`, to the import's staging table) a batch at a time. A
 * batch is written while the next one is checked, encrypted and encoded, so the server's CPU and
 * PostgreSQL work side by side; never more than one batch is in flight, and the two batches' buffers
 * are reused, so memory stays flat however long the file.
 */
export class RollWriter {
  written = 0;
  private building: MemberBatch;
  private writing: MemberBatch;
  /** The file's row of each row of the batch being built (then written). */
  private buildingRows = new Int32Array(BATCH);
  private writingRows = new Int32Array(BATCH);
  private inFlight: Promise<void> | null = null;
  private readonly numbers: MemberNumbers;
  // A roll being imported is mostly new people: a batch goes straight to the COPY, whose unique index
  // catches anyone already there (and the batch is redone without them). Once some turn up, later
  // batches look their people up first, rather than redo a COPY each time.
  private checkFirst = false;

  constructor(
    p: Platform,
    private readonly database: Database,
    private readonly importId: string,
    private readonly staged: boolean,
    /** Called with the row of each person found on the roll when the batch was written. */
    private readonly onDuplicate: (row: number) => void,
    /** Called when a batch is in. */
    private readonly onWritten: () => void,
  ) {
    this.building = new MemberBatch(database, staged);
    this.writing = new MemberBatch(database, staged);
    this.numbers = new MemberNumbers(p);
  }

  async add(r: CheckedRow, person: PersonColumns): Promise<void> {
    const province = provinceOf(r.org);
    await this.numbers.ready(province);
    this.buildingRows[this.building.size] = r.row;
    this.building.add({
      id: newMemberId(),
      memberNo: this.numbers.take(province),
      provinceCode: province,
      orgId: r.org.id,
      person,
      newForm: isNewFormTrade(r.person.trade),
      joinedAt: r.joinedAt,
      source: 'import',
      importId: this.importId,
      row: r.row,
    });
    if (this.building.size >= BATCH) await this.flush();
  }

  /** Hands the batch built so far to PostgreSQL once the one before is written. */
  async flush(): Promise<void> {
    if (this.building.size === 0) return;
    await this.inFlight;
    [this.building, this.writing] = [this.writing, this.building];
    [this.buildingRows, this.writingRows] = [this.writingRows, this.buildingRows];
    this.building.clear();
    const writing = this.write(this.writing, this.writingRows);
    // Awaited by the next flush or by finish; until then a failure must not count as unhandled.
    writing.catch(() => undefined);
    this.inFlight = writing;
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }

  /** Waits for a batch still being written, whatever its outcome (the job failed elsewhere). */
  async settle(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
  }

  private async write(batch: MemberBatch, rows: Int32Array): Promise<void> {
    if (this.staged) {
      await stageMemberBatch(this.database, batch);
      this.written += batch.size;
      this.onWritten();
      return;
    }
    const result = await writeMemberBatch(this.database, batch, { checkFirst: this.checkFirst });
    this.written += result.written;
    this.onWritten();
    if (result.duplicates.length === 0) return;
    this.checkFirst = true;
    const onRoll = new Set(result.duplicates.map(idIndexKey));
    for (let i = 0; i < batch.size; i++) if (onRoll.has(batch.key(i))) this.onDuplicate(rows[i] as number);
  }
}

// Rows handed to an encrypting thread at once: enough that the hand-over costs little beside the
// cryptography (a few ms of a thread's time), few enough that the rows waiting stay a handful of KB.
const ENCRYPT_CHUNK = 100;

/**
 * Checked rows on their way to the roll. Their personal fields are encrypted in worker threads a chunk
 * at a time and the rows handed on in the file's order, which the report of repeats within the file
 * depends on. One chunk a thread is in flight while the next fills: more, held while a delivery waits
 * for a COPY, were promoted to V8's old space by the hundred MB.
 */
export class EncryptingQueue {
  private chunk: CheckedRow[] = [];
  private readonly inFlight: { rows: CheckedRow[]; people: Promise<PersonColumns[]> }[] = [];

  constructor(
    private readonly encryptor: PersonEncryptor,
    private readonly deliver: (row: CheckedRow, person: PersonColumns) => Promise<void>,
  ) {}

  async push(row: CheckedRow): Promise<void> {
    this.chunk.push(row);
    if (this.chunk.length >= ENCRYPT_CHUNK) await this.send();
  }

  async finish(): Promise<void> {
    await this.send();
    while (this.inFlight.length > 0) await this.deliverOldest();
  }

  private async send(): Promise<void> {
    if (this.chunk.length === 0) return;
    const rows = this.chunk;
    this.chunk = [];
    const people = this.encryptor.encrypt(rows.map((r) => r.person));
    // Awaited in turn by deliverOldest; until then a failure must not count as unhandled.
    people.catch(() => undefined);
    this.inFlight.push({ rows, people });
    while (this.inFlight.length > this.encryptor.threads) await this.deliverOldest();
  }

  private async deliverOldest(): Promise<void> {
    const oldest = this.inFlight.shift();
    if (!oldest) return;
    const rows: (CheckedRow | undefined)[] = oldest.rows;
    const people: (PersonColumns | undefined)[] = await oldest.people;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as CheckedRow;
      const person = people[i] as PersonColumns;
      // Let go of each row once handed on: a delivery can wait for the COPY of the batch before, and
      // whatever is still held then outlives V8's young generation.
      rows[i] = undefined;
      people[i] = undefined;
      await this.deliver(row, person);
    }
  }
}
