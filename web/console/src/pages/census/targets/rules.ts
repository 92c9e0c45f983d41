// Pure rules of the yearly targets tab (年度目标), mirrored from src/modules/census/rules.ts: the view
// read from the address, a target as typed, the split a change would make, and how far along a union is.
import { TRADES, type Trade } from '../../../../../shared/trades.ts';
import { FIRST_YEAR, LAST_YEAR, MAX_TARGET, type TargetNode, type TargetReport } from './api.ts';

export interface TargetsView {
  year: number;
  trade: Trade | undefined;
  /** The union shown (the staff member's own when absent). */
  orgId: string | undefined;
  /** The unions passed through on the way down, top first (the breadcrumb). */
  trail: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isYear(year: number): boolean {
  return Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** The view from the address (?year=&trade=&org=&trail=a,b); `thisYear` when the year is missing or out of range. */
export function readView(params: URLSearchParams, thisYear: number): TargetsView {
  const year = Number(params.get('year'));
  const trade = params.get('trade');
  const org = params.get('org');
  return {
    year: params.get('year') !== null && isYear(year) ? year : thisYear,
    trade: trade !== null && (TRADES as readonly string[]).includes(trade) ? (trade as Trade) : undefined,
    orgId: org && UUID.test(org) ? org : undefined,
    trail: org && UUID.test(org) ? (params.get('trail') ?? '').split(',').filter((id) => UUID.test(id)) : [],
  };
}

/** The view as the address writes it: this year and the staff member's own union left out. */
export function viewParams(view: TargetsView, thisYear: number): Record<string, string> {
  const out: Record<string, string> = {};
  if (view.year !== thisYear) out.year = String(view.year);
  if (view.trade) out.trade = view.trade;
  if (view.orgId) {
    out.org = view.orgId;
    if (view.trail.length > 0) out.trail = view.trail.join(',');
  }
  return out;
}

/** One level down: to `childId`, the shown union joining the trail. */
export function drillDown(view: TargetsView, shownOrgId: string, childId: string): TargetsView {
  return { ...view, orgId: childId, trail: [...view.trail, shownOrgId] };
}

/** Back up to the trail's `index`-th union (`ownOrgId` is the staff member's, shown without `org`). */
export function climbTo(view: TargetsView, index: number, ownOrgId: string): TargetsView {
  const id = view.trail[index];
  if (id === undefined) return view;
  const trail = view.trail.slice(0, index);
  return { ...view, orgId: id === ownOrgId && trail.length === 0 ? undefined : id, trail };
}

/** A target as typed: a whole number of people the server takes, null for an empty box (no target), undefined when invalid. */
export function parseTarget(value: number | string | null | undefined): number | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(n) && n >= 0 && n <= MAX_TARGET ? n : undefined;
}

/**
 * How many people a child's new target would give away beyond the shown union's own target (0 when
 * it fits, or when the union has none — as the server's checkTargetSplit).
 */
export function splitOver(report: Pick<TargetReport, 'node' | 'children'>, childId: string, target: number | null): number {
  const parent = report.node.target;
  if (parent === null) return 0;
  const given = report.children.reduce((n, c) => n + (c.orgId === childId ? (target ?? 0) : (c.target ?? 0)), 0);
  return Math.max(0, given - parent);
}

/** How many people a union's new target would leave below what it has already given its children (0 when it covers them). */
export function shortOfChildren(report: Pick<TargetReport, 'children'>, target: number | null): number {
  if (target === null) return 0;
  const given = report.children.reduce((n, c) => n + (c.target ?? 0), 0);
  return Math.max(0, given - target);
}

/** The children's targets and joins added up (targets of the children that have one). */
export function childrenTotals(children: readonly TargetNode[]): { target: number | null; joined: number } {
  const withTarget = children.filter((c) => c.target !== null);
  return {
    target: withTarget.length > 0 ? withTarget.reduce((n, c) => n + (c.target ?? 0), 0) : null,
    joined: children.reduce((n, c) => n + c.joined, 0),
  };
}

/** A progress bar's fill, 0..100 (a target passed fills it). */
export function progressPercent(progress: number | null): number {
  if (progress === null || !Number.isFinite(progress)) return 0;
  return Math.max(0, Math.min(100, progress * 100));
}
