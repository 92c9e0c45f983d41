import { describe, expect, it } from 'vitest';
import type { TargetNode, TargetReport } from './api.ts';
import {
  childrenTotals,
  climbTo,
  drillDown,
  parseTarget,
  progressPercent,
  readView,
  shortOfChildren,
  splitOver,
  viewParams,
  type TargetsView,
} from './rules.ts';

const KEQIAO = '0190a000-0000-7000-8000-00000000000a';
const STREET = '0190a000-0000-7000-8000-00000000000b';
const HUB = '0190a000-0000-7000-8000-00000000000c';

const node = (orgId: string, target: number | null, joined = 0): TargetNode => ({
  orgId,
  orgName: orgId,
  kind: 'township',
  target,
  joined,
  progress: target ? joined / target : null,
  hasChildren: false,
});

describe(readView.name, () => {
  it('shows this year, every trade and the staff member’s own union by default', () => {
    expect(readView(new URLSearchParams(), 2026)).toEqual({ year: 2026, trade: undefined, orgId: undefined, trail: [] });
  });

  it('reads a year, a trade, a union and the trail to it, dropping what the server would refuse', () => {
    expect(readView(new URLSearchParams(`year=2025&trade=courier&org=${STREET}&trail=${KEQIAO},x`), 2026)).toEqual({
      year: 2025,
      trade: 'courier',
      orgId: STREET,
      trail: [KEQIAO],
    });
    expect(readView(new URLSearchParams('year=1999&trade=pilot&org=nope&trail=' + KEQIAO), 2026)).toEqual({
      year: 2026,
      trade: undefined,
      orgId: undefined,
      trail: [],
    });
    expect(readView(new URLSearchParams('year=2026.5'), 2026).year).toBe(2026);
  });

  it('writes back what it reads, leaving the defaults out', () => {
    const view: TargetsView = { year: 2025, trade: 'courier', orgId: STREET, trail: [KEQIAO] };
    expect(readView(new URLSearchParams(viewParams(view, 2026)), 2026)).toEqual(view);
    expect(viewParams({ year: 2026, trade: undefined, orgId: undefined, trail: [] }, 2026)).toEqual({});
  });
});

describe(drillDown.name, () => {
  it('goes down a level and back up the breadcrumb to the staff member’s own union', () => {
    const top: TargetsView = { year: 2026, trade: undefined, orgId: undefined, trail: [] };
    const street = drillDown(top, KEQIAO, STREET);
    expect(street).toEqual({ ...top, orgId: STREET, trail: [KEQIAO] });
    const hub = drillDown(street, STREET, HUB);
    expect(hub.trail).toEqual([KEQIAO, STREET]);
    expect(climbTo(hub, 1, KEQIAO)).toEqual({ ...top, orgId: STREET, trail: [KEQIAO] });
    expect(climbTo(hub, 0, KEQIAO)).toEqual(top);
    expect(climbTo(hub, 5, KEQIAO)).toBe(hub);
  });
});

describe(parseTarget.name, () => {
  it('takes whole numbers of people up to the server’s limit; an empty box is no target', () => {
    expect(parseTarget(1200)).toBe(1200);
    expect(parseTarget(0)).toBe(0);
    expect(parseTarget('300')).toBe(300);
    expect(parseTarget(null)).toBeNull();
    expect(parseTarget(undefined)).toBeNull();
    expect(parseTarget('')).toBeNull();
    expect(parseTarget(-1)).toBeUndefined();
    expect(parseTarget(1.5)).toBeUndefined();
    expect(parseTarget(100_000_001)).toBeUndefined();
  });
});

describe(splitOver.name, () => {
  const report: Pick<TargetReport, 'node' | 'children'> = {
    node: node(KEQIAO, 1000),
    children: [node(STREET, 600), node(HUB, 300), node('other', null)],
  };

  it('says how far a child’s new target would take the split past the parent’s', () => {
    expect(splitOver(report, STREET, 700)).toBe(0);
    expect(splitOver(report, STREET, 800)).toBe(100);
    expect(splitOver(report, 'other', 101)).toBe(1);
    expect(splitOver(report, HUB, null)).toBe(0);
  });

  it('never refuses a split under a parent without a target', () => {
    expect(splitOver({ ...report, node: node(KEQIAO, null) }, STREET, 1_000_000)).toBe(0);
  });

  it('agrees with the server’s check of the split', async () => {
    // Through a variable: the web app has its own tsconfig, not the server's.
    const serverRules = '../../../../../../src/modules/census/rules.ts';
    const server = (await import(/* @vite-ignore */ serverRules)) as {
      checkTargetSplit: (parent: number | null, children: readonly number[]) => { ok: true } | { ok: false; over: number };
    };
    for (const [child, target] of [
      [STREET, 700],
      [STREET, 701],
      [HUB, 0],
      ['other', 500],
    ] as const) {
      const children = report.children.map((c) => (c.orgId === child ? target : (c.target ?? 0)));
      const check = server.checkTargetSplit(report.node.target, children);
      expect(splitOver(report, child, target), `${child} ${target}`).toBe(check.ok ? 0 : check.over);
    }
  });
});

describe(shortOfChildren.name, () => {
  it('says how far a parent’s new target falls below what its children were given', () => {
    const report = { children: [node(STREET, 600), node(HUB, 300), node('other', null)] };
    expect(shortOfChildren(report, 900)).toBe(0);
    expect(shortOfChildren(report, 850)).toBe(50);
    expect(shortOfChildren(report, null)).toBe(0);
  });
});

describe(childrenTotals.name, () => {
  it('adds up the children’s targets (none when no child has one) and joins', () => {
    expect(childrenTotals([node(STREET, 600, 10), node(HUB, null, 5)])).toEqual({ target: 600, joined: 15 });
    expect(childrenTotals([node(STREET, null, 2)])).toEqual({ target: null, joined: 2 });
    expect(childrenTotals([])).toEqual({ target: null, joined: 0 });
  });
});

describe(progressPercent.name, () => {
  it('fills the bar to joined ÷ target, full once the target is passed, empty without one', () => {
    expect(progressPercent(0.453)).toBeCloseTo(45.3);
    expect(progressPercent(1.2)).toBe(100);
    expect(progressPercent(null)).toBe(0);
  });
});
