// 冀北's way of staying with a family: a help card per family (printed, with a QR that opens the family
// for its helpers), two helpers per family ("2 对 1"), a contact at least every week, a weekly random
// call-back by a supervisor, and a channel where the worker posts a need (诉求) and follows it to an answer.
import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { smsAfterCommit } from '../../../platform/auth/sms.js';
import type { Platform } from '../../../platform/context.js';
import { maskMobile, maskName } from '../../../platform/crypto/mask.js';
import { checkMobile } from '../../../platform/crypto/validators.js';
import { inTransaction, queryRows, type Db } from '../../../platform/db/tx.js';
import { t } from '../../../platform/i18n/i18n.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { defineTokenType, tokenKeyring } from '../../../platform/tokens/keyring.js';
import { findOrgById, orgIdsInScope, orgNamesByIds } from '#modules/orgs';
import { hardshipErrors } from '../errors.js';
import { contactState, sampleForCallBack, weekStart, type ContactState } from '../rules.js';
import { hardshipCallbacks, hardshipContacts, hardshipFiles, hardshipHelpers, hardshipNeeds } from '../schema.js';
import { decryptApplicant, phoneIndexOf } from './crypto.js';
import { addStep, fileRow } from './files.js';
import { settingsFor } from './settings.js';

const CARD_TOKEN = defineTokenType({
  type: 'hardship-card',
  prefix: 'GHK1',
  readClaims: (payload) => (typeof payload.f === 'string' && /^[0-9a-f-]{36}$/.test(payload.f) ? { f: payload.f } : null),
});

/** A card stays on a family's wall for years; a new print is one click when the keys are rotated. */
const CARD_TTL_SECONDS = 5 * 366 * 86_400;
const PHONE_CONTEXT = 'person.phone';

export interface Helper {
  name: string;
  phone: string;
}

function requireFiled(row: typeof hardshipFiles.$inferSelect, step: string): void {
  if (row.status !== 'filed') throw hardshipErrors.stepRefused({ status: t(`hardship.status.${row.status}`), step: t(step) });
}

/** Assigns the family's two helpers, replacing those before (their contacts stay on the family's log). */
export async function assignHelpers(p: Platform, actor: Actor, scope: Scope, fileId: string, helpers: Helper[]): Promise<Helper[]> {
  const checked = helpers.map((h, i) => {
    const phone = checkMobile(h.phone);
    if (!phone.ok) {
      throw hardshipErrors.invalid(
        { count: 1 },
        { errors: [{ field: `helpers.${i}.phone`, code: 'hardship.phone_invalid', message: t('problems.hardship.phone_invalid') }] },
      );
    }
    return { name: h.name.trim(), phone: phone.value };
  });
  if (checked.length !== 2) throw hardshipErrors.helpersTwo();
  return inTransaction(p.db, async (tx) => {
    const row = await fileRow(tx, scope, fileId, true);
    requireFiled(row, 'hardship.step.assign_helpers');
    await tx.update(hardshipHelpers).set({ active: false }).where(eq(hardshipHelpers.fileId, fileId));
    await tx
      .insert(hardshipHelpers)
      .values(checked.map((h) => ({ fileId, name: h.name, phoneCipher: p.cipher.encrypt(h.phone, PHONE_CONTEXT) })));
    await addStep(tx, actor, fileId, actor.orgId, 'helpers_assigned', null, { helpers: checked.map((h) => h.name) });
    const org = await findOrgById(tx, row.orgId);
    await recordAudit(tx, actor, {
      action: 'hardship.helpers',
      targetType: 'hardship_file',
      targetId: fileId,
      orgId: row.orgId,
      orgPath: org?.path ?? null,
      details: { helpers: checked.map((h) => h.name) },
    });
    return checked.map((h) => ({ name: h.name, phone: maskMobile(h.phone) }));
  });
}

/** A family's two helpers; their phones whole only for the printed card (the family must be able to call them). */
async function activeHelpers(p: Platform, fileId: string, whole = false): Promise<Helper[]> {
  const helpers = (await familyHelpers(p, [fileId])).get(fileId) ?? [];
  return whole ? helpers : helpers.map((h) => ({ ...h, phone: maskMobile(h.phone) }));
}

/**
 * The helpers of a worker's own families, phones whole: the family calls them (冀北 "2 对 1": the same
 * two names the printed card gives them).
 */
export async function familyHelpers(p: Platform, fileIds: readonly string[]): Promise<Map<string, Helper[]>> {
  const byFile = new Map<string, Helper[]>();
  if (fileIds.length === 0) return byFile;
  const rows = await p.db
    .select()
    .from(hardshipHelpers)
    .where(and(inArray(hardshipHelpers.fileId, [...fileIds]), eq(hardshipHelpers.active, true)))
    .orderBy(asc(hardshipHelpers.createdAt), asc(hardshipHelpers.id));
  for (const r of rows) {
    byFile.set(r.fileId, [...(byFile.get(r.fileId) ?? []), { name: r.name, phone: p.cipher.decrypt(r.phoneCipher, PHONE_CONTEXT) }]);
  }
  return byFile;
}

export interface HelpCard {
  fileId: string;
  fileNumber: string;
  orgName: string;
  head: string;
  /** Their whole phones: the card is printed for the family to call them (the issue is audited). */
  helpers: Helper[];
  lastContactOn: string | null;
  contactState: ContactState;
  /** What the QR holds: the console's page of the family for its helpers. */
  url: string;
  token: string;
  expiresAt: Date;
}

/** The printable help card of a filed family; issuing one (with the helpers' whole phones) is audited. */
export async function helpCard(
  p: Platform,
  actor: Actor,
  scope: Scope,
  fileId: string,
  origin: string,
  now = new Date(),
): Promise<HelpCard> {
  const row = await fileRow(p.db, scope, fileId);
  requireFiled(row, 'hardship.step.help_card');
  const issued = tokenKeyring(p, CARD_TOKEN).issue({ f: row.id }, now, CARD_TTL_SECONDS);
  const org = await findOrgById(p.db, row.orgId);
  const [last] = await p.db
    .select({ on: max(hardshipContacts.contactedOn) })
    .from(hardshipContacts)
    .where(eq(hardshipContacts.fileId, row.id));
  await inTransaction(p.db, (tx) =>
    recordAudit(tx, actor, {
      action: 'hardship.help_card',
      targetType: 'hardship_file',
      targetId: row.id,
      orgId: row.orgId,
      orgPath: org?.path ?? null,
      details: { fileNumber: row.fileNumber, expiresAt: issued.expiresAt.toISOString() },
    }),
  );
  return {
    fileId: row.id,
    fileNumber: row.fileNumber,
    orgName: org?.name ?? '',
    head: maskName(decryptApplicant(p, row).name),
    helpers: await activeHelpers(p, row.id, true),
    lastContactOn: last?.on ?? null,
    contactState: contactState(last?.on ?? null, shanghaiDay(now)),
    // The console's route for a scanned card (web/console/src/pages/hardship/help).
    url: `${origin.replace(/\/+$/, '')}/console/hardship/help/card?c=${encodeURIComponent(issued.token)}`,
    token: issued.token,
    expiresAt: issued.expiresAt,
  };
}

/** The family a scanned card names, for a helper of the subtree (others are told it is not theirs). */
export async function resolveCard(p: Platform, scope: Scope, token: string, now = new Date()): Promise<{ fileId: string }> {
  const check = tokenKeyring(p, CARD_TOKEN).verifyOnline(token, now);
  if (!check.ok) throw hardshipErrors.cardInvalid();
  const row = await fileRow(p.db, scope, check.claims.f);
  return { fileId: row.id };
}

export interface ContactInput {
  kind: 'call' | 'visit' | 'message';
  contactedOn: string;
  done: string;
  needs?: string | null;
  /** Who made contact, when it was not the signed-in account (a volunteer without one). */
  helperName?: string | null;
}

export interface Contact {
  kind: 'call' | 'visit' | 'message';
  contactedOn: string;
  helperName: string;
  done: string;
  needs: string | null;
  createdAt: Date;
}

/** A family's contact log, the latest first. */
export async function listContacts(p: Platform, scope: Scope, fileId: string, limit = 100): Promise<Contact[]> {
  const row = await fileRow(p.db, scope, fileId);
  return p.db
    .select({
      kind: hardshipContacts.kind,
      contactedOn: hardshipContacts.contactedOn,
      helperName: hardshipContacts.helperName,
      done: hardshipContacts.done,
      needs: hardshipContacts.needs,
      createdAt: hardshipContacts.createdAt,
    })
    .from(hardshipContacts)
    .where(eq(hardshipContacts.fileId, row.id))
    .orderBy(desc(hardshipContacts.contactedOn), desc(hardshipContacts.createdAt))
    .limit(limit);
}

export async function logContact(
  p: Platform,
  actor: Actor,
  scope: Scope,
  fileId: string,
  input: ContactInput,
  now = new Date(),
): Promise<{ contactState: ContactState }> {
  if (input.contactedOn > shanghaiDay(now)) {
    throw hardshipErrors.invalid(
      { count: 1 },
      { errors: [{ field: 'contactedOn', code: 'hardship.contact_in_future', message: t('problems.hardship.contact_in_future') }] },
    );
  }
  return inTransaction(p.db, async (tx) => {
    const row = await fileRow(tx, scope, fileId);
    requireFiled(row, 'hardship.step.contact');
    await tx.insert(hardshipContacts).values({
      fileId,
      kind: input.kind,
      contactedOn: input.contactedOn,
      helperName: input.helperName?.trim() || (actor.name ?? ''),
      done: input.done,
      needs: input.needs ?? null,
    });
    const [last] = await tx
      .select({ on: max(hardshipContacts.contactedOn) })
      .from(hardshipContacts)
      .where(eq(hardshipContacts.fileId, fileId));
    return { contactState: contactState(last?.on ?? null, shanghaiDay(now)) };
  });
}

export interface ContactDue {
  fileId: string;
  fileNumber: string;
  orgName: string;
  head: string;
  lastContactOn: string | null;
  state: ContactState;
  helpers: string[];
}

/** Filed families of the subtree not contacted in the last week (周联系), the longest waiting first. */
export async function contactsDue(p: Platform, scope: Scope, now = new Date()): Promise<ContactDue[]> {
  const today = shanghaiDay(now);
  const rows = await queryRows<{ id: string; last: string | null }>(
    p.db,
    sql`select f.id, (select max(c.contacted_on)::text from ${hardshipContacts} c where c.file_id = f.id) as last
        from ${hardshipFiles} f where f.status = 'filed' and f.org_id in ${orgIdsInScope(scope)}`,
  );
  const due = rows.map((r) => ({ ...r, state: contactState(r.last, today) })).filter((r) => r.state !== 'ok');
  if (due.length === 0) return [];
  const files = await p.db
    .select()
    .from(hardshipFiles)
    .where(
      inArray(
        hardshipFiles.id,
        due.map((d) => d.id),
      ),
    );
  const helpers = await p.db
    .select()
    .from(hardshipHelpers)
    .where(
      and(
        inArray(
          hardshipHelpers.fileId,
          due.map((d) => d.id),
        ),
        eq(hardshipHelpers.active, true),
      ),
    );
  const names = await orgNamesByIds(
    p.db,
    files.map((f) => f.orgId),
  );
  const byId = new Map(files.map((f) => [f.id, f]));
  return due
    .sort((a, b) => (a.last ?? '').localeCompare(b.last ?? ''))
    .flatMap((d) => {
      const f = byId.get(d.id);
      if (!f) return [];
      return [
        {
          fileId: f.id,
          fileNumber: f.fileNumber,
          orgName: names.get(f.orgId) ?? '',
          head: maskName(decryptApplicant(p, f).name),
          lastContactOn: d.last,
          state: d.state,
          helpers: helpers.filter((h) => h.fileId === f.id).map((h) => h.name),
        },
      ];
    });
}

/**
 * The weekly draw (随机回访): for each union keeping filed families, its share of them (its settings'),
 * chosen by a seeded hash so a second run in the same week draws the same families and adds nothing.
 */
export async function drawCallbacks(db: Db, now = new Date()): Promise<number> {
  const week = weekStart(shanghaiDay(now));
  const files = await db
    .select({ id: hardshipFiles.id, orgId: hardshipFiles.orgId })
    .from(hardshipFiles)
    .where(eq(hardshipFiles.status, 'filed'));
  const byOrg = new Map<string, string[]>();
  for (const f of files) byOrg.set(f.orgId, [...(byOrg.get(f.orgId) ?? []), f.id]);
  let drawn = 0;
  for (const [orgId, ids] of byOrg) {
    const org = await findOrgById(db, orgId);
    if (!org) continue;
    const share = ((await settingsFor(db, org))?.callbackSharePct ?? 10) / 100;
    const chosen = sampleForCallBack(ids, share, `${week}:${orgId}`);
    const inserted = await db
      .insert(hardshipCallbacks)
      .values(chosen.map((fileId) => ({ fileId, orgId, week })))
      .onConflictDoNothing()
      .returning({ id: hardshipCallbacks.id });
    drawn += inserted.length;
  }
  return drawn;
}

export interface Callback {
  id: string;
  fileId: string;
  fileNumber: string;
  head: string;
  /** The household's phone, whole: the supervisor calls it. */
  phone: string;
  week: string;
  status: 'pending' | 'done';
  satisfaction: number | null;
  problems: string | null;
  calledBy: string | null;
}

export async function listCallbacks(p: Platform, scope: Scope, week?: string): Promise<Callback[]> {
  const rows = await p.db
    .select({ cb: hardshipCallbacks, file: hardshipFiles })
    .from(hardshipCallbacks)
    .innerJoin(hardshipFiles, eq(hardshipFiles.id, hardshipCallbacks.fileId))
    .where(and(sql`${hardshipCallbacks.orgId} in ${orgIdsInScope(scope)}`, week ? eq(hardshipCallbacks.week, week) : undefined))
    .orderBy(desc(hardshipCallbacks.week), asc(hardshipCallbacks.id))
    .limit(500);
  return rows.map(({ cb, file }) => {
    const applicant = decryptApplicant(p, file);
    return {
      id: cb.id,
      fileId: file.id,
      fileNumber: file.fileNumber,
      head: maskName(applicant.name),
      phone: applicant.phone,
      week: cb.week,
      status: cb.status,
      satisfaction: cb.satisfaction,
      problems: cb.problems,
      calledBy: cb.calledBy,
    };
  });
}

export async function recordCallback(
  p: Platform,
  actor: Actor,
  scope: Scope,
  callbackId: string,
  input: { satisfaction: number; problems?: string | null },
): Promise<void> {
  await inTransaction(p.db, async (tx) => {
    const [row] = await tx
      .update(hardshipCallbacks)
      .set({ status: 'done', satisfaction: input.satisfaction, problems: input.problems ?? null, calledBy: actor.name, doneAt: new Date() })
      .where(and(eq(hardshipCallbacks.id, callbackId), sql`${hardshipCallbacks.orgId} in ${orgIdsInScope(scope)}`))
      .returning();
    if (!row) throw hardshipErrors.callbackNotFound();
    await addStep(tx, actor, row.fileId, actor.orgId, 'callback', input.problems ?? null, {
      satisfaction: input.satisfaction,
      week: row.week,
    });
  });
}

// ——— needs (诉求) ———

export interface Need {
  id: string;
  fileId: string;
  fileNumber: string;
  /** The union keeping the household's file: the one that answers. */
  orgId: string;
  orgName: string;
  content: string;
  status: 'open' | 'answered';
  answer: string | null;
  /** Who answered, as the worker reads it: the staff member's name. */
  answeredBy: string | null;
  createdAt: Date;
  answeredAt: Date | null;
}

type NeedRow = { need: typeof hardshipNeeds.$inferSelect; fileNumber: string; orgId: string };

/** Needs with the names of the unions that keep their files. */
async function describeNeeds(db: Db, rows: readonly NeedRow[]): Promise<Need[]> {
  const names = await orgNamesByIds(
    db,
    rows.map((r) => r.orgId),
  );
  return rows.map(({ need: r, fileNumber, orgId }) => ({
    id: r.id,
    fileId: r.fileId,
    fileNumber,
    orgId,
    orgName: names.get(orgId) ?? '',
    content: r.content,
    status: r.status,
    answer: r.answer,
    answeredBy: r.answeredBy,
    createdAt: r.createdAt,
    answeredAt: r.answeredAt,
  }));
}

/** A worker's need, to the union keeping their household's file (the newest one still in help). */
export async function postNeed(p: Platform, phone: string | null, content: string): Promise<Need> {
  if (!phone) throw hardshipErrors.noFileForNeed();
  return inTransaction(p.db, async (tx) => {
    const [file] = await tx
      .select()
      .from(hardshipFiles)
      .where(
        and(
          eq(hardshipFiles.applicantPhoneIndex, phoneIndexOf(p, phone)),
          inArray(hardshipFiles.status, ['applied', 'visited', 'reviewed', 'under_notice', 'filed']),
        ),
      )
      .orderBy(desc(hardshipFiles.id))
      .limit(1);
    if (!file) throw hardshipErrors.noFileForNeed();
    const [need] = await tx.insert(hardshipNeeds).values({ fileId: file.id, content }).returning();
    if (!need) throw new Error('hardship: the insert returned no row');
    return (await describeNeeds(tx, [{ need, fileNumber: file.fileNumber, orgId: file.orgId }]))[0] as Need;
  });
}

export async function ownNeeds(p: Platform, phone: string | null): Promise<Need[]> {
  if (!phone) return [];
  const rows = await p.db
    .select({ need: hardshipNeeds, fileNumber: hardshipFiles.fileNumber, orgId: hardshipFiles.orgId })
    .from(hardshipNeeds)
    .innerJoin(hardshipFiles, eq(hardshipFiles.id, hardshipNeeds.fileId))
    .where(eq(hardshipFiles.applicantPhoneIndex, phoneIndexOf(p, phone)))
    .orderBy(desc(hardshipNeeds.id));
  return describeNeeds(p.db, rows);
}

export async function listNeeds(p: Platform, scope: Scope, status?: 'open' | 'answered'): Promise<Need[]> {
  const rows = await p.db
    .select({ need: hardshipNeeds, fileNumber: hardshipFiles.fileNumber, orgId: hardshipFiles.orgId })
    .from(hardshipNeeds)
    .innerJoin(hardshipFiles, eq(hardshipFiles.id, hardshipNeeds.fileId))
    .where(and(sql`${hardshipFiles.orgId} in ${orgIdsInScope(scope)}`, status ? eq(hardshipNeeds.status, status) : undefined))
    .orderBy(asc(hardshipNeeds.id))
    .limit(500);
  return describeNeeds(p.db, rows);
}

export async function answerNeed(p: Platform, actor: Actor, scope: Scope, needId: string, answer: string): Promise<Need> {
  return inTransaction(p.db, async (tx) => {
    const [found] = await tx
      .select({ need: hardshipNeeds, file: hardshipFiles })
      .from(hardshipNeeds)
      .innerJoin(hardshipFiles, eq(hardshipFiles.id, hardshipNeeds.fileId))
      .where(and(eq(hardshipNeeds.id, needId), sql`${hardshipFiles.orgId} in ${orgIdsInScope(scope)}`))
      .for('update');
    if (!found) throw hardshipErrors.needNotFound();
    const [need] = await tx
      .update(hardshipNeeds)
      .set({ status: 'answered', answer, answeredBy: actor.name, answeredAt: new Date() })
      .where(eq(hardshipNeeds.id, needId))
      .returning();
    if (!need) throw hardshipErrors.needNotFound();
    smsAfterCommit(tx, p, decryptApplicant(p, found.file).phone, 'hardship_need_answered', { number: found.file.fileNumber });
    return (await describeNeeds(tx, [{ need, fileNumber: found.file.fileNumber, orgId: found.file.orgId }]))[0] as Need;
  });
}
