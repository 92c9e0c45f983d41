// Pure rules of the funds pages: amounts as staff type them (yuan) and as the API takes them (fen), the
// payee as the ledger keeps it (masked), the way back up the tree, and which lines may be reversed.
// The server re-checks every one of them.
import { i18n } from '../../../../shared/i18n/index.ts';
import type { MovementKind, StatementFilters, StatementLine } from './api.ts';

/** The largest single movement the server takes: 100 million yuan (src/modules/funds/rules.ts). */
export const MAX_MOVEMENT_FEN = 10_000_000_000;

/** Why a typed amount is refused: the server's codes (problems.funds.amount_*), and `format` for text that is no amount. */
export type YuanProblem = 'format' | 'not_integer' | 'not_positive' | 'too_large';

// Digits with commas between thousands (1,234,567) or none (1234567), then any decimals.
const YUAN = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Yuan as typed ("1,234.5", "600000", "0.29") to integer fen, exactly: the text is split at the point
 * rather than multiplied, so 0.29 is 29 fen and never 28.999…. Refuses three decimals (the ledger counts
 * fen), zero and negative amounts, and more than 100 million yuan.
 */
export function parseYuan(text: string): { ok: true; fen: number } | { ok: false; problem: YuanProblem } {
  const match = YUAN.exec(text.trim().replace(/\s+/g, ''));
  if (!match) return { ok: false, problem: 'format' };
  const [, sign = '', whole = '0', decimals = ''] = match;
  if (decimals.length > 2) return { ok: false, problem: 'not_integer' };
  const digits = whole.replaceAll(',', '');
  // More digits than any acceptable amount has: too large, whatever they say (and never a lossy Number).
  if (digits.replace(/^0+/, '').length > 12) return { ok: false, problem: sign === '-' ? 'not_positive' : 'too_large' };
  const fen = Number(digits) * 100 + Number(decimals.padEnd(2, '0'));
  if (sign === '-' || fen <= 0) return { ok: false, problem: 'not_positive' };
  if (fen > MAX_MOVEMENT_FEN) return { ok: false, problem: 'too_large' };
  return { ok: true, fen };
}

/** The form's message for a refused amount, worded as the server words it. */
export function yuanProblemText(problem: YuanProblem): string {
  return problem === 'format' ? i18n.t('consoleFunds.amount.format') : i18n.t(`problems.funds.amount_${problem}`);
}

/**
 * The payee as statements show it (the server stores what it is sent): a name masked as the platform
 * masks names — 张三 → 张*, 王建军 → 王*军, 欧阳娜娜 → 欧**娜 — and an already masked one unchanged.
 */
export function maskPayee(text: string): string {
  const chars = Array.from(text.trim());
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0] ?? ''}*`;
  return `${chars[0] ?? ''}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1] ?? ''}`;
}

export interface Crumb {
  id: string;
  name: string;
}

/**
 * The way from the top of the fund (as the staff member sees it) down to the union on screen, for the
 * breadcrumb: the union's ancestors from the top on, then the union. Without the ancestors (no orgs
 * role, a union out of reach) the top and the union.
 */
export function crumbsOf(top: Crumb, current: Crumb, ancestors: readonly (Crumb & { depth: number })[] | null): Crumb[] {
  if (top.id === current.id) return [current];
  const line = [...(ancestors ?? [])].sort((a, b) => a.depth - b.depth);
  const from = line.findIndex((a) => a.id === top.id);
  if (from < 0) return [top, current];
  return [...line.slice(from).map(({ id, name }) => ({ id, name })), current];
}

/** Whether a union (by its materialised path, /a/b/c/) lies below another: where an allocation may go. */
export function isBelow(path: string, abovePath: string): boolean {
  return path !== abovePath && path.startsWith(abovePath);
}

/** The ids of lines a loaded reversal undoes (newest first, so a line's reversal is loaded before it). */
export function reversedIds(lines: readonly Pick<StatementLine, 'reversesId'>[]): Set<string> {
  return new Set(lines.flatMap((l) => (l.reversesId ? [l.reversesId] : [])));
}

/**
 * Whether to offer 冲正 on a line of the statement of `orgId`. Never on a reversal or a line already
 * reversed; and not on an allocation into the staff member's own union, which their union above gave
 * (staff reverse only what their subtree gave or paid).
 */
export function canReverse(line: StatementLine, reversed: ReadonlySet<string>, view: { orgId: string; myOrgId: string }): boolean {
  if (line.reversal || reversed.has(line.id)) return false;
  if (line.kind === 'allocation' && line.inFen > 0 && view.orgId === view.myOrgId) return false;
  return true;
}

/** 来源收入, 下拨, 支出, with （冲正） after a reversal. */
export function kindText(line: Pick<StatementLine, 'kind' | 'reversal'>): string {
  const kind = i18n.t(`consoleFunds.kind.${line.kind}`);
  return line.reversal ? i18n.t('consoleFunds.statement.reversalOf', { kind }) : kind;
}

/** Who the money came from or went to: the source, the union that allocated it, or the union it went to. */
export function counterpartyText(line: Pick<StatementLine, 'sourceName' | 'counterparty' | 'inFen'> & { kind: MovementKind }): string {
  if (line.kind === 'source') return i18n.t('consoleFunds.statement.fromSource', { source: line.sourceName ?? i18n.t('common.none') });
  if (line.kind === 'allocation' && line.counterparty) {
    return i18n.t(line.inFen > 0 ? 'consoleFunds.statement.fromParent' : 'consoleFunds.statement.toChild', {
      org: line.counterparty.name,
    });
  }
  return i18n.t('common.none');
}

/** The statement's filters with the empty ones left out (the query string and the export link). */
export function cleanFilters(filters: StatementFilters): StatementFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== '')) as StatementFilters;
}

/** Sources as typed into the fund form: trimmed, blanks and repeats dropped, in the order given. */
export function cleanSources(names: readonly string[] | undefined): string[] {
  return [...new Set((names ?? []).map((n) => n.trim()).filter(Boolean))];
}
