// Pure rules of the aid tab: the item form as staff fill it (yuan, blanks for "no limit") and as the API
// takes it (fen, nulls), the limits in words, the funds that reach a union, which batches sit in a
// union's subtree, and where the server's refusal of a batch belongs (each household's row). No I/O, no
// React; the server decides every one of them again.
import { ApiError } from '../../../../../shared/api.ts';
import { formatFen } from '../../../../../shared/format.ts';
import { i18n } from '../../../../../shared/i18n/index.ts';
import type { Fund } from '../../funds/api.ts';
import { parseYuan } from '../../funds/rules.ts';
import type { AidItem, AidItemBody, AidKind } from './api.ts';

/** Lists every value of a union type in the order given: a value left out fails the typecheck. */
function every<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ) => list;
}

export const AID_KINDS = every<AidKind>()(['winter', 'study', 'medical', 'life', 'serious_illness', 'accident']);

/** The item's code as the server takes it: a lower-case letter, then 1–39 letters, digits or underscores. */
export const ITEM_CODE = /^[a-z][a-z0-9_]{1,39}$/;

/** A code to start from for a kind (winter_2026): staff rarely care, and the union's codes must differ. */
export function suggestedCode(kind: AidKind, year: number): string {
  return `${kind}_${year}`;
}

/** The ids of a union and the unions above it, from its materialised path (/a/b/c/). */
export function chainOf(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** Whether a union (by its path) is the given one or lies below it. */
export function inSubtree(path: string, unionPath: string): boolean {
  return path.startsWith(unionPath);
}

/** The funds an item of a union may pay from: open ones run by the union or a union above it. */
export function fundsReaching(funds: readonly Fund[], unionPath: string): Fund[] {
  const chain = new Set(chainOf(unionPath));
  return funds.filter((f) => f.status === 'active' && chain.has(f.orgId));
}

/** An item's yearly limits per household in words: 每户每年最多 ¥2,000.00, 每年最多 1 次, 每户限领一次 — or 不限. */
export function limitTexts(item: Pick<AidItem, 'maxAmountFenPerYear' | 'maxTimesPerYear' | 'oncePerHousehold'>): string[] {
  const k = 'consoleHardshipAid.limits';
  const texts: string[] = [];
  if (item.maxAmountFenPerYear !== null) texts.push(i18n.t(`${k}.amount`, { amount: formatFen(item.maxAmountFenPerYear) }));
  if (item.maxTimesPerYear !== null) texts.push(i18n.t(`${k}.times`, { count: item.maxTimesPerYear }));
  if (item.oncePerHousehold) texts.push(i18n.t(`${k}.once`));
  return texts.length > 0 ? texts : [i18n.t(`${k}.none`)];
}

/** The item form as staff fill it: amounts in yuan as typed, blanks for no limit. */
export interface ItemValues {
  name?: string;
  code?: string;
  kind?: AidKind;
  fundId?: string;
  defaultAmount?: string;
  maxAmount?: string;
  maxTimes?: number | null;
  oncePerHousehold?: boolean;
}

/** The body of a checked form (the form's rules refused anything this cannot read). */
export function toItemBody(values: ItemValues, orgId: string): AidItemBody {
  const fen = (text: string | undefined) => {
    const parsed = text?.trim() ? parseYuan(text) : null;
    return parsed?.ok ? parsed.fen : null;
  };
  return {
    orgId,
    name: values.name?.trim() ?? '',
    code: values.code?.trim() ?? '',
    kind: values.kind ?? 'winter',
    fundId: values.fundId ?? '',
    defaultAmountFen: fen(values.defaultAmount) ?? 0,
    maxAmountFenPerYear: fen(values.maxAmount),
    maxTimesPerYear: values.maxTimes ?? null,
    oncePerHousehold: values.oncePerHousehold ?? false,
  };
}

/** The item form's box for a field the server names; null for what names no box. */
export function itemFieldOf(field: string | null | undefined): keyof ItemValues | null {
  const name = (field ?? '').replace(/^body\./, '');
  const boxes: Record<string, keyof ItemValues> = {
    name: 'name',
    code: 'code',
    kind: 'kind',
    fundId: 'fundId',
    defaultAmountFen: 'defaultAmount',
    maxAmountFenPerYear: 'maxAmount',
    maxTimesPerYear: 'maxTimes',
    oncePerHousehold: 'oncePerHousehold',
  };
  return boxes[name] ?? null;
}

/** A household's amount as sent: its typed yuan, or null for the item's standard sum (the server fills it in). */
export function amountOf(typed: string | undefined): { ok: true; fen: number | null } | { ok: false } {
  if (!typed?.trim()) return { ok: true, fen: null };
  const parsed = parseYuan(typed);
  return parsed.ok ? { ok: true, fen: parsed.fen } : { ok: false };
}

/** What the batch will pay: each household's typed amount, or the item's standard sum. */
export function batchTotalFen(fileIds: readonly string[], typed: Readonly<Record<string, string>>, defaultAmountFen: number): number {
  return fileIds.reduce((sum, id) => {
    const amount = amountOf(typed[id]);
    return sum + (amount.ok ? (amount.fen ?? defaultAmountFen) : 0);
  }, 0);
}

/**
 * The server's refusal of a batch, each problem under the household it names (its field is
 * `aids.<i>.fileId` or `aids.<i>.amountFen`, i the household's place in the batch as sent), and the
 * problems that name no household.
 */
export function batchProblems(error: unknown, sentFileIds: readonly string[]): { byFile: Map<string, string[]>; rest: string[] } {
  const byFile = new Map<string, string[]>();
  const rest: string[] = [];
  for (const item of error instanceof ApiError ? error.errors : []) {
    const match = /^(?:body\.)?aids\.(\d+)\./.exec(item.field ?? '');
    const fileId = match ? sentFileIds[Number(match[1])] : undefined;
    if (fileId) byFile.set(fileId, [...(byFile.get(fileId) ?? []), item.message]);
    else rest.push(item.message);
  }
  return { byFile, rest };
}

/** A batch's name to start from: 2026年送温暖慰问金. */
export function defaultBatchName(itemName: string, year: number): string {
  return i18n.t('consoleHardshipAid.batchForm.defaultName', { year, item: itemName });
}
