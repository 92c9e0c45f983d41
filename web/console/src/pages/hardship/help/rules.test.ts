import { describe, expect, it } from 'vitest';
import {
  callbacksToShow,
  callbackWeeks,
  cardTokenOf,
  contactOf,
  satisfactionLevel,
  toContactBody,
  toHelpersBody,
  weekEnd,
  weekSummary,
} from './rules.ts';

const callback = (week: string, status: 'pending' | 'done', satisfaction: number | null = null, id = `${week}-${status}`) => ({
  id,
  week,
  status,
  satisfaction,
});

describe('the call-backs of a week', () => {
  const items = [
    callback('2026-11-16', 'done', 4, 'a'),
    callback('2026-11-23', 'done', 5, 'b'),
    callback('2026-11-23', 'pending', null, 'c'),
    callback('2026-11-23', 'done', 2, 'd'),
  ];

  it('lists the weeks drawn, the newest first, each once', () => {
    expect(callbackWeeks(items)).toEqual(['2026-11-23', '2026-11-16']);
    expect(callbackWeeks([])).toEqual([]);
  });

  it('counts the week’s done and pending calls and averages the satisfaction recorded, to one decimal', () => {
    expect(weekSummary(items, '2026-11-23')).toEqual({ total: 3, done: 2, pending: 1, averageSatisfaction: 3.5 });
    expect(weekSummary(items, null)).toEqual({ total: 0, done: 0, pending: 0, averageSatisfaction: null });
    expect(weekSummary([callback('2026-11-23', 'pending')], '2026-11-23').averageSatisfaction).toBeNull();
  });

  it('shows the pending calls of the week before the done ones', () => {
    expect(callbacksToShow(items, '2026-11-23').map((c) => c.id)).toEqual(['c', 'b', 'd']);
  });

  it('ends a week on the Sunday after its Monday, across a month', () => {
    expect(weekEnd('2026-11-23')).toBe('2026-11-29');
    expect(weekEnd('2026-12-28')).toBe('2027-01-03');
  });

  it('words satisfaction 1–5 and nothing else', () => {
    expect(satisfactionLevel(1)).toBe('veryUnhappy');
    expect(satisfactionLevel(5)).toBe('veryHappy');
    expect(satisfactionLevel(0)).toBeNull();
    expect(satisfactionLevel(6)).toBeNull();
  });
});

describe(contactOf.name, () => {
  it('reads a family on the due list as due or overdue with its last contact, and one not on it as contacted this week', () => {
    const due = [
      { fileId: 'f1', state: 'overdue' as const, lastContactOn: '2026-11-01' },
      { fileId: 'f2', state: 'due' as const, lastContactOn: null },
    ];
    expect(contactOf(due, 'f1')).toEqual({ state: 'overdue', lastContactOn: '2026-11-01' });
    expect(contactOf(due, 'f2')).toEqual({ state: 'due', lastContactOn: null });
    expect(contactOf(due, 'f3')).toEqual({ state: 'ok', lastContactOn: null });
  });
});

describe('the forms’ bodies', () => {
  it('trims a contact and sends an empty need as null', () => {
    expect(toContactBody({ kind: 'visit', contactedOn: '2026-11-23', done: '  送去米和油 ', needs: '  ' })).toEqual({
      kind: 'visit',
      contactedOn: '2026-11-23',
      done: '送去米和油',
      needs: null,
    });
  });

  it('trims the helpers’ names and drops the spaces and dashes typed in a phone number', () => {
    expect(toHelpersBody([{ name: ' 社区 李干事 ', phone: '139 5750-0201' }])).toEqual([{ name: '社区 李干事', phone: '13957500201' }]);
  });

  it('reads the card’s token from the scanned address, as the server names it', () => {
    expect(cardTokenOf('?c=GHK1.abc%2Bdef')).toBe('GHK1.abc+def');
    expect(cardTokenOf('?c=')).toBeNull();
    expect(cardTokenOf('')).toBeNull();
  });
});
