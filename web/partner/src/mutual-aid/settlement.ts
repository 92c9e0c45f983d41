// Pure helpers of the hospital's 出院结算 form: the figures typed in yuan read as exact fen, the form read
// into the body of POST /partner/v1/mutual-aid/settlements, the server's field problems put back under
// the boxes they belong to, and each payout line said in words.
import { ApiError } from '../../../shared/api.ts';
import { checkIdNumber, normaliseIdNumber, type IdNumberProblem } from '../../../shared/id-number.ts';
import type { PayoutLine, SettlementBody } from './api.ts';

/** The form's boxes, as the page names them (the figures in yuan, the days as YYYY-MM-DD). */
export interface SettlementForm {
  idNumber: string;
  name: string;
  settlementRef: string;
  admittedOn: string | null;
  dischargedOn: string | null;
  total: string;
  inScope: string;
  aboveCeiling: string;
  selfPaid: string;
  diagnosis: string;
}

export type FormField = keyof SettlementForm;

export const FIGURE_FIELDS = ['total', 'inScope', 'aboveCeiling', 'selfPaid'] as const satisfies readonly FormField[];
type FigureField = (typeof FIGURE_FIELDS)[number];

const FIGURE_KEYS: Record<FigureField, keyof SettlementBody['figures']> = {
  total: 'totalFen',
  inScope: 'inScopeSelfPaidFen',
  aboveCeiling: 'aboveCeilingFen',
  selfPaid: 'selfPaidFen',
};

/** A hospital bill above 1 亿元 is a typing mistake, not a bill. */
export const MAX_FIGURE_FEN = 10_000_000_000;

export type YuanParse = { ok: true; fen: number } | { ok: false; problem: 'required' | 'format' | 'tooLarge' };

/**
 * "30000", "30,000.5" or "¥30000.50" → exact fen, read digit by digit (parseFloat("0.29") * 100 loses a
 * fen). Zero is a real figure here (nothing above the ceiling); a sign, a third decimal or badly placed
 * thousands separators are refused rather than guessed.
 */
export function parseYuan(text: string): YuanParse {
  const cleaned = text
    .trim()
    .replace(/^[¥￥]/, '')
    .trim();
  if (cleaned === '') return { ok: false, problem: 'required' };
  const match = /^(\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!match || ((match[1] ?? '') === '' && (match[2] ?? '') === '')) return { ok: false, problem: 'format' };
  const yuan = Number((match[1] ?? '0').replaceAll(',', ''));
  const fen = yuan * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen) || fen > MAX_FIGURE_FEN) return { ok: false, problem: 'tooLarge' };
  return { ok: true, fen };
}

/** 2000000 → "20,000.00" (the yuan figure without its sign, for "本次互助金 20,000.00 元"). */
export function yuanText(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** What is wrong with one box: a key under partnerMutualAid.problem, or a 身份证号 problem (problems.members). */
export type FormProblem =
  | { kind: 'form'; key: 'required' | 'amountFormat' | 'amountTooLarge' | 'nameLength' | 'refFormat' | 'dateFuture' }
  | { kind: 'idNumber'; code: Exclude<IdNumberProblem, 'under_age'> };

export type ReadForm = { ok: true; body: SettlementBody } | { ok: false; problems: Partial<Record<FormField, FormProblem>> };

const REF_PATTERN = /^[\x21-\x7e]{1,64}$/;

/**
 * The form as the server will take it, or what to fix first. Only the form of each box is checked here;
 * how the figures relate (自付 within the total, the parts within 自付), the order of the days and who is
 * covered are the server's to say, and it says them under the same boxes.
 */
export function readSettlementForm(form: SettlementForm, today: string): ReadForm {
  const problems: Partial<Record<FormField, FormProblem>> = {};
  const required = { kind: 'form', key: 'required' } as const;

  const id = checkIdNumber(form.idNumber, today);
  if (normaliseIdNumber(form.idNumber) === '') problems.idNumber = required;
  // A patient may be a child covered as family: the joining age is not this form's business.
  else if (!id.ok && id.problem !== 'under_age') problems.idNumber = { kind: 'idNumber', code: id.problem };

  const name = form.name.trim();
  if (name === '') problems.name = required;
  else if (name.length < 2 || name.length > 30) problems.name = { kind: 'form', key: 'nameLength' };

  const ref = form.settlementRef.trim();
  if (ref === '') problems.settlementRef = required;
  else if (!REF_PATTERN.test(ref)) problems.settlementRef = { kind: 'form', key: 'refFormat' };

  for (const field of ['admittedOn', 'dischargedOn'] as const) {
    const day = form[field];
    if (!day) problems[field] = required;
    else if (day > today) problems[field] = { kind: 'form', key: 'dateFuture' };
  }

  const figures: Partial<SettlementBody['figures']> = {};
  for (const field of FIGURE_FIELDS) {
    const parsed = parseYuan(form[field]);
    if (parsed.ok) figures[FIGURE_KEYS[field]] = parsed.fen;
    else {
      problems[field] =
        parsed.problem === 'required' ? required : { kind: 'form', key: parsed.problem === 'format' ? 'amountFormat' : 'amountTooLarge' };
    }
  }

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const diagnosis = form.diagnosis.trim();
  return {
    ok: true,
    body: {
      idNumber: id.ok ? id.value : normaliseIdNumber(form.idNumber),
      name,
      settlementRef: ref,
      admittedOn: form.admittedOn ?? '',
      dischargedOn: form.dischargedOn ?? '',
      figures: figures as SettlementBody['figures'],
      ...(diagnosis ? { diagnosis } : {}),
    },
  };
}

/**
 * The box a server problem belongs to: `figures.selfPaidFen` → selfPaid, and the two rules between the
 * figures (`figures.self_paid_over_total`, `figures.parts_over_self_paid`) under 个人自付合计, the figure
 * they both bound. Null for what belongs to no box (not covered, times used).
 */
export function formFieldOf(serverField: string | undefined): FormField | null {
  const field = (serverField ?? '').replace(/^(body|query|params)\./, '');
  switch (field) {
    case 'idNumber':
    case 'name':
    case 'settlementRef':
    case 'admittedOn':
    case 'dischargedOn':
    case 'diagnosis':
      return field;
    case 'figures.totalFen':
      return 'total';
    case 'figures.inScopeSelfPaidFen':
      return 'inScope';
    case 'figures.aboveCeilingFen':
      return 'aboveCeiling';
    case 'figures.selfPaidFen':
    case 'figures.self_paid_over_total':
    case 'figures.parts_over_self_paid':
      return 'selfPaid';
    default:
      return null;
  }
}

/** The server's problems split into those under a box and the rest, in the order it sent them. */
export function problemsByField(error: ApiError): { byField: Partial<Record<FormField, string[]>>; rest: string[] } {
  const byField: Partial<Record<FormField, string[]>> = {};
  const rest: string[] = [];
  for (const item of error.errors) {
    const field = formFieldOf(item.field);
    if (field) (byField[field] ??= []).push(item.message);
    else rest.push(item.message);
  }
  return { byField, rest };
}

/** How a refusal reads on the page; `unanswered`: no answer came, the same submission may be sent again. */
export type Refusal = 'not_covered' | 'duplicate' | 'not_hospital' | 'invalid' | 'unanswered' | 'other';

export function refusalOf(error: unknown): Refusal {
  if (!(error instanceof ApiError) || error.status === 0 || error.status >= 500) return 'unanswered';
  switch (error.code) {
    case 'mutual-aid.not_covered':
      return 'not_covered';
    case 'mutual-aid.settlement_duplicate':
      return 'duplicate';
    case 'mutual-aid.not_hospital':
      return 'not_hospital';
    default:
      return error.status === 400 ? 'invalid' : 'other';
  }
}

/**
 * The plan's rate for a line, read back from the line itself (the answer carries no rate): the whole
 * percentage whose rounded-down share of the base is exactly the payout. Null for a capped line or when
 * no single rate explains the figures.
 */
export function lineRatePct(line: Pick<PayoutLine, 'baseFen' | 'payoutFen' | 'capped'>): number | null {
  if (line.capped || line.baseFen <= 0 || line.payoutFen <= 0) return null;
  const pct = Math.round((line.payoutFen * 100) / line.baseFen);
  if (pct < 1 || pct > 100) return null;
  if (Math.floor((line.baseFen * pct) / 100) !== line.payoutFen) return null;
  // A small base fits several rates (1 fen × anything rounds to 0); only a base that pins it down counts.
  const neighbours = [pct - 1, pct + 1].filter((p) => p >= 1 && p <= 100);
  return neighbours.some((p) => Math.floor((line.baseFen * p) / 100) === line.payoutFen) ? null : pct;
}
