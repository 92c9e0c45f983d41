// The way a file goes from application to 建档: 入户核查 (a home visit with its checklist) → the union's
// review (pass, with the category it settles, or reject) → 公示 (a public notice for the days the area
// sets; objections are recorded and settled) → approval by a county-level union or above → filed. Each
// step is one transaction, names who took it, when and why, and tells the worker by SMS.
import { and, count, eq } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { smsAfterCommit } from '../../../platform/auth/sms.js';
import type { Platform } from '../../../platform/context.js';
import { inTransaction, type Tx } from '../../../platform/db/tx.js';
import { t } from '../../../platform/i18n/i18n.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { findOrgById, type Org } from '#modules/orgs';
import { hardshipErrors } from '../errors.js';
import { reviewDueDay, type HardshipCategory } from '../rules.js';
import { hardshipFiles, hardshipHouseholdIds, hardshipObjections, type FileStatus } from '../schema.js';
import { decryptApplicant } from './crypto.js';
import { addStep, fileRow, getFile, type FileDetail } from './files.js';
import { requireSettings } from './settings.js';

type FileRow = typeof hardshipFiles.$inferSelect;
type Step = 'visit' | 'review' | 'publish' | 'object' | 'approve' | 'reject';

const FROM: Record<Step, readonly FileStatus[]> = {
  visit: ['applied', 'visited'],
  review: ['visited'],
  publish: ['reviewed'],
  object: ['under_notice'],
  approve: ['under_notice'],
  reject: ['applied', 'visited', 'reviewed', 'under_notice'],
};

/** Unions that may approve a file: the county level and above (建档 is a county union's decision). */
const APPROVING_KINDS = new Set(['national', 'national_industrial', 'provincial', 'city', 'county']);

function expect(row: FileRow, step: Step): void {
  if (!FROM[step].includes(row.status)) {
    throw hardshipErrors.stepRefused({ status: t(`hardship.status.${row.status}`), step: t(`hardship.step.${step}`) });
  }
}

async function orgOf(tx: Tx, row: FileRow): Promise<Org> {
  const org = await findOrgById(tx, row.orgId);
  if (!org) throw hardshipErrors.notFound();
  return org;
}

function tellApplicant(tx: Tx, p: Platform, row: FileRow, status: FileStatus): void {
  smsAfterCommit(tx, p, decryptApplicant(p, row).phone, 'hardship_status', {
    number: row.fileNumber,
    status: t(`hardship.status.${status}`),
  });
}

async function move(
  tx: Tx,
  p: Platform,
  actor: Actor,
  row: FileRow,
  to: Partial<typeof hardshipFiles.$inferInsert> & { status: FileStatus },
  step: { kind: Parameters<typeof addStep>[4]; reason: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await tx
    .update(hardshipFiles)
    .set({ ...to, updatedAt: new Date() })
    .where(eq(hardshipFiles.id, row.id));
  await addStep(tx, actor, row.id, actor.orgId, step.kind, step.reason, step.details ?? {});
  const org = await orgOf(tx, row);
  await recordAudit(tx, actor, {
    action: `hardship.${step.kind}`,
    targetType: 'hardship_file',
    targetId: row.id,
    orgId: org.id,
    orgPath: org.path,
    reason: step.reason,
    details: { fileNumber: row.fileNumber, from: row.status, to: to.status },
  });
  if (to.status !== row.status) tellApplicant(tx, p, row, to.status);
}

export interface VisitInput {
  visitedOn: string;
  visitors: string[];
  /** The checklist as the visit found it: each point checked true or false, with a note. */
  checklist: { item: string; ok: boolean; note?: string | null }[];
  notes?: string | null;
}

export async function recordVisit(p: Platform, actor: Actor, scope: Scope, fileId: string, input: VisitInput): Promise<FileDetail> {
  await inTransaction(p.db, async (tx) => {
    const row = await fileRow(tx, scope, fileId, true);
    expect(row, 'visit');
    await move(tx, p, actor, row, { status: 'visited' }, { kind: 'visited', reason: input.notes?.trim() || null, details: { ...input } });
  });
  return getFile(p, scope, fileId);
}

export interface ReviewInput {
  decision: 'pass' | 'reject';
  reason: string;
  /** A category other than the rule's, which needs the reason to say why. */
  category?: HardshipCategory | null;
}

export async function reviewFile(p: Platform, actor: Actor, scope: Scope, fileId: string, input: ReviewInput): Promise<FileDetail> {
  await inTransaction(p.db, async (tx) => {
    const row = await fileRow(tx, scope, fileId, true);
    if (input.decision === 'reject') return reject(tx, p, actor, row, input.reason);
    expect(row, 'review');
    const category = input.category ?? row.computedCategory;
    if (!category) throw hardshipErrors.categoryRequired();
    const overridden = category !== row.computedCategory;
    await move(
      tx,
      p,
      actor,
      row,
      { status: 'reviewed', category, overrideReason: overridden ? input.reason : null },
      { kind: 'reviewed', reason: input.reason, details: { category, computedCategory: row.computedCategory, overridden } },
    );
  });
  return getFile(p, scope, fileId);
}

/** Puts the file up for public notice for the days the area sets. */
export async function publishNotice(p: Platform, actor: Actor, scope: Scope, fileId: string, now = new Date()): Promise<FileDetail> {
  await inTransaction(p.db, async (tx) => {
    const row = await fileRow(tx, scope, fileId, true);
    expect(row, 'publish');
    const settings = await requireSettings(tx, await orgOf(tx, row));
    const today = shanghaiDay(now);
    // The notice runs `noticeDays` whole days, today included.
    const endsOn = shanghaiDay(new Date(new Date(`${today}T12:00:00+08:00`).getTime() + (settings.noticeDays - 1) * 86_400_000));
    await move(
      tx,
      p,
      actor,
      row,
      { status: 'under_notice', noticeEndsOn: endsOn },
      { kind: 'notice_published', reason: null, details: { from: today, until: endsOn } },
    );
  });
  return getFile(p, scope, fileId);
}

export async function raiseObjection(
  p: Platform,
  actor: Actor,
  scope: Scope,
  fileId: string,
  input: { content: string; raisedBy?: string | null },
): Promise<FileDetail> {
  await inTransaction(p.db, async (tx) => {
    const row = await fileRow(tx, scope, fileId, true);
    expect(row, 'object');
    const [objection] = await tx
      .insert(hardshipObjections)
      .values({ fileId, content: input.content, raisedBy: input.raisedBy ?? null })
      .returning({ id: hardshipObjections.id });
    await addStep(tx, actor, fileId, actor.orgId, 'objection_raised', input.content, {
      objectionId: objection?.id,
      raisedBy: input.raisedBy ?? null,
    });
  });
  return getFile(p, scope, fileId);
}

/**
 * Settles an objection. Upheld, it withdraws the notice: the file goes back to the visit stage, to be
 * checked again and reviewed; dismissed, the notice runs on.
 */
export async function resolveObjection(
  p: Platform,
  actor: Actor,
  scope: Scope,
  fileId: string,
  objectionId: string,
  input: { upheld: boolean; resolution: string },
): Promise<FileDetail> {
  await inTransaction(p.db, async (tx) => {
    const row = await fileRow(tx, scope, fileId, true);
    const [objection] = await tx
      .update(hardshipObjections)
      .set({ status: input.upheld ? 'upheld' : 'dismissed', resolution: input.resolution, resolvedBy: actor.name, resolvedAt: new Date() })
      .where(and(eq(hardshipObjections.id, objectionId), eq(hardshipObjections.fileId, fileId), eq(hardshipObjections.status, 'open')))
      .returning({ id: hardshipObjections.id });
    if (!objection) throw hardshipErrors.objectionNotFound();
    if (input.upheld && row.status === 'under_notice') {
      await move(
        tx,
        p,
        actor,
        row,
        { status: 'visited', noticeEndsOn: null },
        { kind: 'objection_resolved', reason: input.resolution, details: { objectionId, upheld: true } },
      );
    } else {
      await addStep(tx, actor, fileId, actor.orgId, 'objection_resolved', input.resolution, { objectionId, upheld: input.upheld });
    }
  });
  return getFile(p, scope, fileId);
}

/** 建档: after the notice, with every objection settled, by a county-level union or above. */
export async function approveFile(p: Platform, actor: Actor, scope: Scope, fileId: string, now = new Date()): Promise<FileDetail> {
  await inTransaction(p.db, async (tx) => {
    const row = await fileRow(tx, scope, fileId, true);
    expect(row, 'approve');
    const approver = actor.orgId ? await findOrgById(tx, actor.orgId) : null;
    if (!approver || !APPROVING_KINDS.has(approver.kind)) throw hardshipErrors.approvalLevel({ org: approver?.name ?? '' });
    const today = shanghaiDay(now);
    if (row.noticeEndsOn && today <= row.noticeEndsOn) throw hardshipErrors.noticeNotOver({ until: row.noticeEndsOn });
    const [open] = await tx
      .select({ n: count() })
      .from(hardshipObjections)
      .where(and(eq(hardshipObjections.fileId, fileId), eq(hardshipObjections.status, 'open')));
    if (open && open.n > 0) throw hardshipErrors.objectionsOpen({ count: open.n });
    if (!row.category) throw hardshipErrors.categoryRequired();
    const due = reviewDueDay(row.category, today);
    await move(
      tx,
      p,
      actor,
      row,
      { status: 'filed', filedOn: today, reviewDueOn: due },
      { kind: 'filed', reason: null, details: { filedOn: today, reviewDueOn: due } },
    );
  });
  return getFile(p, scope, fileId);
}

export async function rejectFile(p: Platform, actor: Actor, scope: Scope, fileId: string, reason: string): Promise<FileDetail> {
  await inTransaction(p.db, async (tx) => reject(tx, p, actor, await fileRow(tx, scope, fileId, true), reason));
  return getFile(p, scope, fileId);
}

async function reject(tx: Tx, p: Platform, actor: Actor, row: FileRow, reason: string): Promise<void> {
  expect(row, 'reject');
  await move(
    tx,
    p,
    actor,
    row,
    { status: 'rejected', closedOn: shanghaiDay(new Date()), noticeEndsOn: null },
    { kind: 'rejected', reason },
  );
  // A rejected household may apply again, here or elsewhere.
  await tx.update(hardshipHouseholdIds).set({ open: false }).where(eq(hardshipHouseholdIds.fileId, row.id));
}
