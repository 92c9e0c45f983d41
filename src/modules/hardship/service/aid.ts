// Aid to filed households: the items a union pays with their limits, a disbursement batch that pays one
// item to a list of households (every household checked against the item's yearly limits, all or
// none), its bank file, and the batch marked paid — through the funds ledger, in the same transaction,
// so the aid records and the money leaving the union's balance commit together or not at all; a paid
// batch undone (a bank's return, a batch paid in error) by reversing each of its lines in the journal.
import type { Writable } from 'node:stream';
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { maskName } from '../../../platform/crypto/mask.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, queryRows, type Db } from '../../../platform/db/tx.js';
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import { writeBankFileXlsx as writeBankFile } from '../../../platform/files/bank-file.js';
import { t } from '../../../platform/i18n/i18n.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { disburseMany, fundNames, loadFund, reverseTransfer } from '#modules/funds';
import { getOrg, orgIdsInScope, orgNamesByIds, type Org } from '#modules/orgs';
import { pageAfter, parseIdCursor } from '../../../platform/db/keyset.js';
import { hardshipErrors } from '../errors.js';
import { checkAid, shanghaiYear, type AidItemRule, type AidKind } from '../rules.js';
import { hardshipAidBatches, hardshipAidItems, hardshipAids, hardshipFiles } from '../schema.js';
import { decryptApplicant, decryptHousehold } from './crypto.js';

export interface AidItem extends AidItemRule {
  id: string;
  orgId: string;
  /** The union that set the item (a union below pays with it too). */
  orgName: string;
  name: string;
  fundId: string;
}

type ItemRow = typeof hardshipAidItems.$inferSelect;
const toItem = (r: ItemRow, orgName = ''): AidItem => ({
  id: r.id,
  orgId: r.orgId,
  orgName,
  code: r.code,
  name: r.name,
  kind: r.kind,
  fundId: r.fundId,
  defaultAmountFen: r.defaultAmountFen,
  maxAmountFenPerYear: r.maxAmountFenPerYear,
  maxTimesPerYear: r.maxTimesPerYear,
  oncePerHousehold: r.oncePerHousehold,
});

export interface AidItemInput {
  orgId: string;
  code: string;
  name: string;
  kind: AidKind;
  fundId: string;
  defaultAmountFen: number;
  maxAmountFenPerYear?: number | null;
  maxTimesPerYear?: number | null;
  oncePerHousehold?: boolean;
}

export async function createAidItem(db: Db, actor: Actor, scope: Scope, input: AidItemInput): Promise<AidItem> {
  return inTransaction(db, async (tx) => {
    const org = await getOrg(tx, scope, input.orgId);
    // The fund must reach the union: run by it or by a union above it.
    const fund = await loadFund(tx, { orgId: org.id, path: org.path }, input.fundId);
    let row: ItemRow | undefined;
    try {
      [row] = await tx
        .insert(hardshipAidItems)
        .values({
          orgId: org.id,
          code: input.code,
          name: input.name,
          kind: input.kind,
          fundId: fund.id,
          defaultAmountFen: input.defaultAmountFen,
          maxAmountFenPerYear: input.maxAmountFenPerYear ?? null,
          maxTimesPerYear: input.maxTimesPerYear ?? null,
          oncePerHousehold: input.oncePerHousehold ?? false,
        })
        .returning();
    } catch (error) {
      if (uniqueViolation(error) === 'hardship_aid_item_code_uq') throw hardshipErrors.aidItemDuplicate({ code: input.code });
      throw error;
    }
    if (!row) throw new Error('hardship: the insert returned no row');
    await recordAudit(tx, actor, {
      action: 'hardship.aid_item',
      targetType: 'hardship_aid_item',
      targetId: row.id,
      orgId: org.id,
      orgPath: org.path,
      details: { ...input },
    });
    return toItem(row, org.name);
  });
}

/** The items a union may pay: its own and those of the unions above it. */
export async function listAidItems(db: Db, scope: Scope, orgId: string): Promise<AidItem[]> {
  const org = await getOrg(db, scope, orgId);
  const chain = org.path.split('/').filter(Boolean);
  const rows = await db
    .select()
    .from(hardshipAidItems)
    .where(inArray(hardshipAidItems.orgId, chain))
    .orderBy(asc(hardshipAidItems.createdAt));
  const names = await orgNamesByIds(
    db,
    rows.map((r) => r.orgId),
  );
  return rows.map((r) => toItem(r, names.get(r.orgId)));
}

export interface BatchInput {
  orgId: string;
  itemId: string;
  name: string;
  /** The households, each with its sum (the item's default when absent). */
  aids: { fileId: string; amountFen?: number | null }[];
}

export interface AidBatch {
  id: string;
  orgId: string;
  orgName: string;
  itemId: string;
  itemName: string;
  /** The fund the batch pays from: its item's. */
  fundId: string;
  fundName: string;
  name: string;
  status: 'draft' | 'paid' | 'reversed';
  totalFen: number;
  households: number;
  createdAt: Date;
  paidAt: Date | null;
  reversedAt: Date | null;
  reversalReason: string | null;
}

/**
 * Draws a batch: every household must be filed in the union's subtree and within the item's limits
 * for the year, counting aid already drawn for it (paid or not); a bad household refuses the whole
 * batch, each named. The files are locked in id order while their history is read, so two batches
 * drawn at once cannot together pass a household's limit.
 */
export async function createAidBatch(p: Platform, actor: Actor, scope: Scope, input: BatchInput, now = new Date()): Promise<AidBatch> {
  const year = shanghaiYear(shanghaiDay(now));
  return inTransaction(p.db, async (tx) => {
    const org = await getOrg(tx, scope, input.orgId);
    const item = await itemFor(tx, org, input.itemId);
    const fileIds = [...new Set(input.aids.map((a) => a.fileId))];
    if (fileIds.length !== input.aids.length || fileIds.length === 0) {
      throw hardshipErrors.invalid(
        { count: 1 },
        { errors: [{ field: 'aids', code: 'hardship.aid_files_twice', message: t('problems.hardship.aid_files_twice') }] },
      );
    }
    const files = await tx
      .select()
      .from(hardshipFiles)
      .where(and(inArray(hardshipFiles.id, fileIds), sql`${hardshipFiles.orgId} in ${orgIdsInScope({ orgId: org.id, path: org.path })}`))
      .orderBy(asc(hardshipFiles.id))
      .for('update');
    const byId = new Map(files.map((f) => [f.id, f]));
    const history = await queryRows<{ file_id: string; year_amount: string; year_times: string; ever_times: string }>(
      tx,
      sql`select file_id, coalesce(sum(amount_fen) filter (where year = ${year}), 0) as year_amount,
                 count(*) filter (where year = ${year}) as year_times, count(*) as ever_times
          from ${hardshipAids} where item_id = ${item.id} and status <> 'reversed'
            and file_id = any(${`{${fileIds.join(',')}}`}::uuid[]) group by file_id`,
    );
    const used = new Map(
      history.map((h) => [
        h.file_id,
        { yearAmountFen: Number(h.year_amount), yearTimes: Number(h.year_times), everTimes: Number(h.ever_times) },
      ]),
    );
    const problems: FieldProblem[] = [];
    const aids = input.aids.map((a, i) => {
      const amountFen = a.amountFen ?? item.defaultAmountFen;
      const file = byId.get(a.fileId);
      if (!file) {
        problems.push({ field: `aids.${i}.fileId`, code: 'hardship.aid_file_unknown', message: t('problems.hardship.aid_file_unknown') });
      } else if (file.status !== 'filed') {
        problems.push({
          field: `aids.${i}.fileId`,
          code: 'hardship.aid_file_not_filed',
          message: t('problems.hardship.aid_file_not_filed', { number: file.fileNumber, status: t(`hardship.status.${file.status}`) }),
        });
      } else {
        const refused = checkAid(item, amountFen, used.get(file.id) ?? { yearAmountFen: 0, yearTimes: 0, everTimes: 0 });
        if (refused) {
          problems.push({
            field: `aids.${i}.amountFen`,
            code: refused.code,
            message: `${file.fileNumber}：${t(refused.key, refused.params)}`,
          });
        }
      }
      return { fileId: a.fileId, amountFen };
    });
    if (problems.length > 0) throw hardshipErrors.aidRefused({ count: problems.length }, { errors: problems });
    const totalFen = aids.reduce((s, a) => s + a.amountFen, 0);
    const [batch] = await tx
      .insert(hardshipAidBatches)
      .values({ orgId: org.id, itemId: item.id, name: input.name, totalFen, households: aids.length })
      .returning();
    if (!batch) throw new Error('hardship: the insert returned no row');
    await tx
      .insert(hardshipAids)
      .values(aids.map((a) => ({ batchId: batch.id, fileId: a.fileId, itemId: item.id, amountFen: a.amountFen, year })));
    await recordAudit(tx, actor, {
      action: 'hardship.aid_batch',
      targetType: 'hardship_aid_batch',
      targetId: batch.id,
      orgId: org.id,
      orgPath: org.path,
      details: { item: item.code, households: aids.length, totalFen },
    });
    return (await describeBatches(tx, [batch]))[0] as AidBatch;
  });
}

async function itemFor(db: Db, org: Org, itemId: string): Promise<AidItem> {
  const [row] = await db.select().from(hardshipAidItems).where(eq(hardshipAidItems.id, itemId));
  // An item of the union or of a union above it.
  if (!row || !org.path.split('/').includes(row.orgId)) throw hardshipErrors.aidItemNotFound();
  return toItem(row);
}

type BatchRow = typeof hardshipAidBatches.$inferSelect;

/** Batches with the names a list shows: the union's, the item's and the fund's. */
async function describeBatches(db: Db, rows: readonly BatchRow[]): Promise<AidBatch[]> {
  if (rows.length === 0) return [];
  const items = await db
    .select({ id: hardshipAidItems.id, name: hardshipAidItems.name, fundId: hardshipAidItems.fundId })
    .from(hardshipAidItems)
    .where(inArray(hardshipAidItems.id, [...new Set(rows.map((r) => r.itemId))]));
  const byItem = new Map(items.map((i) => [i.id, i]));
  const [orgs, fundsNamed] = await Promise.all([
    orgNamesByIds(
      db,
      rows.map((r) => r.orgId),
    ),
    fundNames(
      db,
      items.map((i) => i.fundId),
    ),
  ]);
  return rows.map((r) => {
    const item = byItem.get(r.itemId);
    return {
      id: r.id,
      orgId: r.orgId,
      orgName: orgs.get(r.orgId) ?? '',
      itemId: r.itemId,
      itemName: item?.name ?? '',
      fundId: item?.fundId ?? '',
      fundName: fundsNamed.get(item?.fundId ?? '') ?? '',
      name: r.name,
      status: r.status,
      totalFen: r.totalFen,
      households: r.households,
      createdAt: r.createdAt,
      paidAt: r.paidAt,
      reversedAt: r.reversedAt,
      reversalReason: r.reversalReason,
    };
  });
}

async function batchRow(db: Db, scope: Scope, batchId: string, forUpdate = false) {
  const query = db
    .select()
    .from(hardshipAidBatches)
    .where(and(eq(hardshipAidBatches.id, batchId), sql`${hardshipAidBatches.orgId} in ${orgIdsInScope(scope)}`));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw hardshipErrors.aidBatchNotFound();
  return row;
}

export interface BatchFilter {
  /** A union: its batches and those of the unions below it. */
  orgId?: string | undefined;
  status?: AidBatch['status'] | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** The batches of the subtree (or of a union and those below it), newest first, a page at a time. */
export async function listAidBatches(db: Db, scope: Scope, filter: BatchFilter): Promise<{ items: AidBatch[]; nextCursor: string | null }> {
  const within = filter.orgId ? await getOrg(db, scope, filter.orgId).then((o) => ({ orgId: o.id, path: o.path })) : scope;
  const where: SQL[] = [sql`${hardshipAidBatches.orgId} in ${orgIdsInScope(within)}`];
  if (filter.status) where.push(eq(hardshipAidBatches.status, filter.status));
  const cursor = parseIdCursor(filter.cursor);
  if (cursor) where.push(lt(hardshipAidBatches.id, cursor));
  const rows = await db
    .select()
    .from(hardshipAidBatches)
    .where(and(...where))
    .orderBy(desc(hardshipAidBatches.id))
    .limit(filter.limit + 1);
  const { page, nextCursor } = pageAfter(rows, filter.limit);
  return { items: await describeBatches(db, page), nextCursor };
}

/**
 * Marks a batch paid: the money leaves the union's balance in the item's fund (one line per household,
 * payee masked, each naming its aid record), and the aid is recorded as received — one transaction.
 * A balance that cannot cover the batch refuses it whole (`funds.insufficient`).
 */
export async function payAidBatch(p: Platform, actor: Actor, scope: Scope, batchId: string, now = new Date()): Promise<AidBatch> {
  return inTransaction(p.db, async (tx) => {
    const batch = await batchRow(tx, scope, batchId, true);
    if (batch.status === 'paid') throw hardshipErrors.aidBatchPaid();
    if (batch.status === 'reversed') throw hardshipErrors.aidBatchReversed();
    const [item] = await tx.select().from(hardshipAidItems).where(eq(hardshipAidItems.id, batch.itemId));
    if (!item) throw hardshipErrors.aidItemNotFound();
    const aids = await tx
      .select({ aid: hardshipAids, file: hardshipFiles })
      .from(hardshipAids)
      .innerJoin(hardshipFiles, eq(hardshipFiles.id, hardshipAids.fileId))
      .where(eq(hardshipAids.batchId, batch.id))
      .orderBy(asc(hardshipAids.id));
    const org = await getOrg(tx, scope, batch.orgId);
    const lines = await disburseMany(
      tx,
      actor,
      { orgId: org.id, path: org.path },
      {
        fundId: item.fundId,
        orgId: org.id,
        payments: aids.map(({ aid, file }) => ({
          amountFen: aid.amountFen,
          payee: maskName(decryptApplicant(p, file).name),
          memo: `${item.name}（${file.fileNumber}）`,
          ref: { module: 'hardship', type: 'aid', id: aid.id },
        })),
      },
    );
    const today = shanghaiDay(now);
    for (const [i, { aid }] of aids.entries()) {
      await tx
        .update(hardshipAids)
        .set({ status: 'paid', transferId: lines[i]?.id ?? null, paidOn: today })
        .where(eq(hardshipAids.id, aid.id));
    }
    await tx
      .update(hardshipFiles)
      .set({ firstAidOn: sql`coalesce(${hardshipFiles.firstAidOn}, ${today}::date)` })
      .where(
        inArray(
          hardshipFiles.id,
          aids.map(({ file }) => file.id),
        ),
      );
    const [paid] = await tx
      .update(hardshipAidBatches)
      .set({ status: 'paid', paidAt: now })
      .where(eq(hardshipAidBatches.id, batch.id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'hardship.aid_paid',
      targetType: 'hardship_aid_batch',
      targetId: batch.id,
      orgId: org.id,
      orgPath: org.path,
      details: { households: aids.length, totalFen: batch.totalFen },
    });
    return (await describeBatches(tx, [paid ?? batch]))[0] as AidBatch;
  });
}

/**
 * Undoes a paid batch — the bank returned it, or it was paid in error: each household's line in the
 * funds journal is reversed (the money is back in the union's balance), the aid no longer counts
 * against the household's limits nor as received, and each file's first aid is what remains. One
 * transaction: a line that cannot be reversed leaves the whole batch paid.
 */
export async function reverseAidBatch(p: Platform, actor: Actor, scope: Scope, batchId: string, reason: string): Promise<AidBatch> {
  return inTransaction(p.db, async (tx) => {
    const batch = await batchRow(tx, scope, batchId, true);
    if (batch.status !== 'paid') {
      throw hardshipErrors.aidBatchNotPaid({ status: t(`hardship.batch_status.${batch.status}`) });
    }
    const org = await getOrg(tx, scope, batch.orgId);
    const aids = await tx
      .select()
      .from(hardshipAids)
      .where(and(eq(hardshipAids.batchId, batch.id), eq(hardshipAids.status, 'paid')))
      .orderBy(asc(hardshipAids.id));
    for (const aid of aids) {
      if (aid.transferId) await reverseTransfer(tx, actor, { orgId: org.id, path: org.path }, aid.transferId, reason);
    }
    await tx.update(hardshipAids).set({ status: 'reversed' }).where(eq(hardshipAids.batchId, batch.id));
    const fileIds = [...new Set(aids.map((a) => a.fileId))];
    if (fileIds.length > 0) {
      await tx
        .update(hardshipFiles)
        .set({
          firstAidOn: sql`(select min(${hardshipAids.paidOn}) from ${hardshipAids}
                           where ${hardshipAids.fileId} = ${hardshipFiles.id} and ${hardshipAids.status} = 'paid')`,
        })
        .where(inArray(hardshipFiles.id, fileIds));
    }
    const [reversed] = await tx
      .update(hardshipAidBatches)
      .set({ status: 'reversed', reversedAt: new Date(), reversalReason: reason })
      .where(eq(hardshipAidBatches.id, batch.id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'hardship.aid_reversed',
      targetType: 'hardship_aid_batch',
      targetId: batch.id,
      orgId: org.id,
      orgPath: org.path,
      reason,
      details: { households: aids.length, totalFen: batch.totalFen },
    });
    return (await describeBatches(tx, [reversed ?? batch]))[0] as AidBatch;
  });
}

/** The bank file of a batch: whole names, 身份证号 and accounts, so the export is audited with its reason before the first byte. */
export async function startBankFileExport(db: Db, actor: Actor, scope: Scope, batchId: string, reason: string): Promise<AidBatch> {
  const batch = await batchRow(db, scope, batchId);
  const org = await getOrg(db, scope, batch.orgId);
  await inTransaction(db, (tx) =>
    recordAudit(tx, actor, {
      action: 'hardship.bank_file',
      targetType: 'hardship_aid_batch',
      targetId: batch.id,
      orgId: org.id,
      orgPath: org.path,
      reason,
      details: { households: batch.households },
    }),
  );
  return (await describeBatches(db, [batch]))[0] as AidBatch;
}

export async function writeBankFileXlsx(
  p: Platform,
  actor: Actor,
  scope: Scope,
  batchId: string,
  out: Writable,
  now = new Date(),
): Promise<number> {
  const batch = await batchRow(p.db, scope, batchId);
  const rows = await p.db
    .select({ aid: hardshipAids, file: hardshipFiles, itemName: hardshipAidItems.name })
    .from(hardshipAids)
    .innerJoin(hardshipFiles, eq(hardshipFiles.id, hardshipAids.fileId))
    .innerJoin(hardshipAidItems, eq(hardshipAidItems.id, hardshipAids.itemId))
    .where(eq(hardshipAids.batchId, batch.id))
    .orderBy(asc(hardshipAids.id));
  return writeBankFile(
    out,
    {
      title: t('hardship.bank.title', { batch: batch.name }),
      refHeader: t('hardship.bank.col.fileNumber'),
      totalFen: batch.totalFen,
      creator: actor.name ?? '',
      created: now,
    },
    rows.map(({ aid, file, itemName }) => {
      const applicant = decryptApplicant(p, file);
      const account = decryptHousehold(p, file.householdCipher).bankAccount;
      return {
        name: applicant.name,
        idNumber: applicant.idNumber,
        bank: account?.bank ?? t('hardship.bank.no_account'),
        accountNo: account?.accountNo ?? '',
        amountFen: aid.amountFen,
        memo: itemName,
        ref: file.fileNumber,
      };
    }),
  );
}

/** What a worker's household has received, newest first. */
export async function aidReceived(
  db: Db,
  fileIds: readonly string[],
): Promise<{ fileId: string; itemName: string; amountFen: number; paidOn: string }[]> {
  if (fileIds.length === 0) return [];
  const rows = await db
    .select({ aid: hardshipAids, itemName: hardshipAidItems.name })
    .from(hardshipAids)
    .innerJoin(hardshipAidItems, eq(hardshipAidItems.id, hardshipAids.itemId))
    .where(and(inArray(hardshipAids.fileId, [...fileIds]), eq(hardshipAids.status, 'paid')))
    .orderBy(desc(hardshipAids.paidOn), desc(hardshipAids.id));
  return rows.map((r) => ({ fileId: r.aid.fileId, itemName: r.itemName, amountFen: r.aid.amountFen, paidOn: r.aid.paidOn ?? '' }));
}
