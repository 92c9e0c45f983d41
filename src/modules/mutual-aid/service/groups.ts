// Group enrolment (团体参保): an employer or a union pays for a list of its people at once. The list comes
// as the office keeps it (.xlsx or .csv, its own headers, GB18030 or UTF-8); every person must be a
// member of the uploader's subtree and may enrol under the plan's rules. Any bad row and nothing is
// enrolled: the answer lists every bad row. A good list is enrolled in one transaction with its
// contribution, one line in the plan's fund for the list's total.
import path from 'node:path';
import type { Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { pathInScope, type Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { checkIdNumber, checkPersonName } from '../../../platform/crypto/validators.js';
import { byteaArray } from '../../../platform/db/arrays.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import {
  cellsByField,
  readTable,
  resolveMapping,
  suggestMapping,
  TableReadError,
  type ColumnSpec,
  type TableFormat,
} from '../../../platform/files/table.js';
import { dropUpload, saveUpload } from '../../../platform/files/uploads.js';
import { t } from '../../../platform/i18n/i18n.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { receiveFromSource } from '#modules/funds';
import { findMembersByIdIndexes } from '#modules/members';
import { getOrg } from '#modules/orgs';
import { mutualAidErrors } from '../errors.js';
import { checkEnrolment } from '../rules.js';
import { mutualAidEnrolments, mutualAidGroups } from '../schema.js';
import { encryptInsured, idIndexOf } from './crypto.js';
import { certificateNumbers } from './enrolment.js';
import { currentCycle, getPlan, loadPlan } from './plans.js';

/** A group list is enrolled in one request: a list longer than this is split by the office. */
export const GROUP_ROWS_MAX = 5_000;

type GroupField = 'name' | 'idNumber' | 'shares';

export const GROUP_COLUMNS: readonly ColumnSpec<GroupField>[] = [
  { key: 'name', label: '姓名', synonyms: ['职工姓名', '会员姓名', '参保人姓名', '参保人', '名字'], required: true },
  { key: 'idNumber', label: '身份证号', synonyms: ['身份证号码', '公民身份号码', '证件号码', '身份证'], required: true },
  { key: 'shares', label: '份数', synonyms: ['参保份数', '购买份数'] },
];

export interface GroupInput {
  planId: string;
  orgId: string;
  payerName: string;
  fileName: string;
  format: TableFormat;
  body: Readable;
  maxBytes: number;
}

interface Row {
  row: number;
  name: string;
  idNumber: string;
  shares: number;
  facts: { birthDate: string; gender: 'male' | 'female' };
  index: Buffer;
}

/**
 * A row's problem; `who` (the name the row gives, when it reads as one) leads the message, so that the
 * union's staff see whom to call about it without counting rows in their sheet.
 */
const rowProblem = (row: number, column: string, code: string, params: Record<string, unknown> = {}, who?: string): FieldProblem => {
  const message = t(`problems.mutual-aid.${code}`, params);
  return {
    field: `row ${row} / ${column}`,
    row,
    column,
    code: `mutual-aid.${code}`,
    message: who ? t('problems.mutual-aid.group_person', { name: who, problem: message }) : message,
  };
};

export async function enrolGroup(db: Db, p: Platform, actor: Actor, scope: Scope, input: GroupInput) {
  const plan = await getPlan(db, scope, input.planId);
  const { sourceId } = await loadPlan(db, plan.id);
  if (plan.status !== 'open') throw mutualAidErrors.planClosed({ name: plan.name });
  const payer = await getOrg(db, scope, input.orgId);
  if (!payer.path.startsWith(plan.orgPath)) throw mutualAidErrors.planNotFound();
  const payerName = input.payerName.trim();
  const now = new Date();
  const today = shanghaiDay(now);
  const cycle = currentCycle(plan, today);
  if (!cycle) throw mutualAidErrors.planClosed({ name: plan.name });

  const rows = await readGroupFile(p, input);
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  const good: Row[] = [];
  for (const raw of rows) {
    const before = problems.length;
    const name = checkPersonName(raw.cells.name ?? '');
    if (!name.ok) problems.push(rowProblem(raw.row, '姓名', 'name_invalid'));
    const id = checkIdNumber(raw.cells.idNumber ?? '', now);
    const who = name.ok ? name.value : undefined;
    if (!id.ok) problems.push(rowProblem(raw.row, '身份证号', `id_number_${id.problem}`, {}, who));
    const sharesText = (raw.cells.shares ?? '').trim();
    const shares = sharesText === '' ? 1 : Number(sharesText);
    if (id.ok) {
      const earlier = seen.get(id.value);
      if (earlier !== undefined) problems.push(rowProblem(raw.row, '身份证号', 'id_number_repeated', { row: earlier }, who));
      else seen.set(id.value, raw.row);
      for (const rule of checkEnrolment(
        plan.rule,
        { birthDate: id.facts.birthDate, gender: id.facts.gender, employed: true, healthDeclared: true },
        shares,
        today,
      )) {
        problems.push(rowProblem(raw.row, rule.code === 'shares' ? '份数' : '身份证号', rule.code, rule.params ?? {}, who));
      }
    }
    if (problems.length === before && name.ok && id.ok) {
      good.push({ row: raw.row, name: name.value, idNumber: id.value, shares, facts: id.facts, index: idIndexOf(p, id.value) });
    }
  }
  if (rows.length === 0) problems.push(rowProblem(1, '姓名', 'group_empty'));

  const members = await findMembersByIdIndexes(
    db,
    good.map((r) => r.index),
  );
  for (const r of good) {
    const member = members.get(r.index.toString('hex'));
    if (!member || member.status !== 'active') problems.push(rowProblem(r.row, '身份证号', 'group_not_member', {}, r.name));
    else if (!pathInScope(member.orgPath, { orgId: payer.id, path: payer.path })) {
      problems.push(rowProblem(r.row, '身份证号', 'group_outside', { org: payer.name }, r.name));
    }
  }
  if (problems.length > 0) throw groupRefused(problems);

  const totalFen = good.reduce((sum, r) => sum + r.shares * plan.rule.pricePerShareFen, 0);
  return inTransaction(db, async (tx) => {
    const taken = await tx
      .select({ idIndex: mutualAidEnrolments.idIndex })
      .from(mutualAidEnrolments)
      .where(
        and(
          eq(mutualAidEnrolments.planId, plan.id),
          eq(mutualAidEnrolments.cycleStart, cycle.start),
          sql`${mutualAidEnrolments.status} <> 'cancelled'`,
          sql`${mutualAidEnrolments.idIndex} = any(${byteaArray(good.map((r) => r.index))}::bytea[])`,
        ),
      );
    const enrolled = new Set(taken.map((r) => Buffer.from(r.idIndex).toString('hex')));
    const already = good.filter((r) => enrolled.has(r.index.toString('hex')));
    if (already.length > 0) {
      throw groupRefused(already.map((r) => rowProblem(r.row, '身份证号', 'group_already_enrolled', { end: cycle.end }, r.name)));
    }
    const groupId = uuidv7();
    const numbers = await certificateNumbers(tx, plan, cycle.start, good.length);
    const transfer =
      totalFen > 0
        ? await receiveFromSource(
            tx,
            actor,
            { orgId: plan.orgId, path: plan.orgPath },
            {
              fundId: plan.fundId,
              sourceId,
              orgId: plan.orgId,
              amountFen: totalFen,
              memo: `团体参保缴费：${payerName}（${good.length} 人）`,
            },
          )
        : null;
    await tx.insert(mutualAidGroups).values({
      id: groupId,
      planId: plan.id,
      orgId: payer.id,
      payerName,
      fileName: input.fileName,
      people: good.length,
      totalFen,
      transferId: transfer?.id ?? null,
      createdBy: actor.kind === 'staff' ? actor.id : null,
    });
    for (let i = 0; i < good.length; i += 500) {
      await tx.insert(mutualAidEnrolments).values(
        good.slice(i, i + 500).map((r, j) => {
          const member = members.get(r.index.toString('hex'));
          if (!member) throw new Error('mutual-aid: a checked row lost its member');
          return {
            planId: plan.id,
            cycleStart: cycle.start,
            cycleEnd: cycle.end,
            memberId: member.id,
            relation: 'self' as const,
            ...encryptInsured(p, { name: r.name, idNumber: r.idNumber }),
            gender: r.facts.gender,
            birthDate: r.facts.birthDate,
            shares: r.shares,
            priceFen: r.shares * plan.rule.pricePerShareFen,
            orgId: member.orgId,
            orgPath: member.orgPath,
            provinceCode: member.workRegionCode.slice(0, 2),
            status: 'active' as const,
            channel: 'group' as const,
            groupId,
            enrolledOn: today,
            certificateNo: numbers[i + j] ?? null,
          };
        }),
      );
    }
    await recordAudit(tx, actor, {
      action: 'mutual-aid.group.enrol',
      targetType: 'mutual_aid_group',
      targetId: groupId,
      orgId: payer.id,
      orgPath: payer.path,
      details: { plan: plan.id, payer: payerName, people: good.length, totalFen, file: input.fileName },
    });
    return { id: groupId, planId: plan.id, payerName, people: good.length, totalFen, cycleStart: cycle.start, cycleEnd: cycle.end };
  });
}

function groupRefused(problems: FieldProblem[]) {
  const rows = new Set(problems.map((p) => p.row)).size;
  return mutualAidErrors.groupRefused({ rows }, { errors: problems.slice(0, 1000) });
}

async function readGroupFile(p: Platform, input: GroupInput): Promise<{ row: number; cells: Partial<Record<GroupField, string>> }[]> {
  let file: string | null = null;
  try {
    file = (
      await saveUpload(
        path.resolve(p.config.dataDir, 'imports'),
        `mutual-aid-group-${uuidv7()}.${input.format}`,
        input.body,
        input.maxBytes,
      )
    ).file;
    let columns: Map<number, GroupField> | null = null;
    const rows: { row: number; cells: Partial<Record<GroupField, string>> }[] = [];
    for await (const { row, cells } of readTable(file, input.format)) {
      if (!columns) {
        const resolved = resolveMapping(cells, GROUP_COLUMNS, suggestMapping(cells, GROUP_COLUMNS));
        if (resolved.missing.length > 0) {
          const labels = resolved.missing.map((k) => GROUP_COLUMNS.find((c) => c.key === k)?.label ?? k);
          throw mutualAidErrors.groupRefused(
            { rows: 0 },
            { errors: [rowProblem(row, labels.join('、'), 'group_missing_columns', { columns: labels.join('、') })] },
          );
        }
        columns = resolved.columns;
        continue;
      }
      rows.push({ row, cells: cellsByField(cells, columns) });
      if (rows.length > GROUP_ROWS_MAX) {
        throw mutualAidErrors.groupRefused({ rows: 0 }, { errors: [rowProblem(row, '姓名', 'group_too_long', { max: GROUP_ROWS_MAX })] });
      }
    }
    return rows;
  } catch (error) {
    if (error instanceof TableReadError) {
      throw mutualAidErrors.groupRefused({ rows: 0 }, { errors: [rowProblem(1, '文件', 'group_unreadable', { reason: error.reason })] });
    }
    throw error;
  } finally {
    if (file) await dropUpload(file);
  }
}
