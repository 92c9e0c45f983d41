// The help pages' pure parts: which week of call-backs to show and how far it is done, where a family
// stands with its weekly contact, and the forms' values as the server takes them.
import type { Callback, ContactBody, ContactDue, ContactKind, ContactState, HelperBody } from './api.ts';

export const CONTACT_KINDS = ['call', 'visit', 'message'] as const satisfies readonly ContactKind[];
/** The words of satisfaction 1–5, in order (the i18n keys under callbacks.levels). */
export const SATISFACTION_LEVELS = ['veryUnhappy', 'unhappy', 'fair', 'happy', 'veryHappy'] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

export function satisfactionLevel(satisfaction: number): SatisfactionLevel | null {
  return SATISFACTION_LEVELS[satisfaction - 1] ?? null;
}

/** The weeks call-backs were drawn for (each named by its Monday), the newest first. */
export function callbackWeeks(items: readonly Pick<Callback, 'week'>[]): string[] {
  return [...new Set(items.map((c) => c.week))].sort((a, b) => b.localeCompare(a));
}

export interface WeekSummary {
  total: number;
  done: number;
  pending: number;
  /** The mean of the satisfaction recorded so far, to one decimal; null before the first call. */
  averageSatisfaction: number | null;
}

export function weekSummary(items: readonly Pick<Callback, 'week' | 'status' | 'satisfaction'>[], week: string | null): WeekSummary {
  const of = items.filter((c) => c.week === week);
  const done = of.filter((c) => c.status === 'done');
  const rated = done.map((c) => c.satisfaction).filter((s): s is number => s !== null);
  return {
    total: of.length,
    done: done.length,
    pending: of.length - done.length,
    averageSatisfaction: rated.length > 0 ? Math.round((rated.reduce((a, b) => a + b, 0) / rated.length) * 10) / 10 : null,
  };
}

/** Pending calls first (a supervisor works down the list), then the done ones, each in the server's order. */
export function callbacksToShow<T extends Pick<Callback, 'week' | 'status'>>(items: readonly T[], week: string | null): T[] {
  const of = items.filter((c) => c.week === week);
  return [...of.filter((c) => c.status === 'pending'), ...of.filter((c) => c.status === 'done')];
}

/** The Sunday that ends a week named by its Monday ('2026-11-23' → '2026-11-29'). */
export function weekEnd(monday: string): string {
  const at = new Date(`${monday}T00:00:00Z`);
  return new Date(at.getTime() + 6 * 86_400_000).toISOString().slice(0, 10);
}

export interface FileContact {
  state: ContactState;
  /** The last contact's day when the family is due; unknown (null) when it was contacted this week. */
  lastContactOn: string | null;
}

/**
 * Where a filed family stands with its weekly contact, read from the subtree's due list: a family not on
 * it was contacted within the week ('ok').
 */
export function contactOf(due: readonly Pick<ContactDue, 'fileId' | 'state' | 'lastContactOn'>[], fileId: string): FileContact {
  const found = due.find((d) => d.fileId === fileId);
  return found ? { state: found.state, lastContactOn: found.lastContactOn } : { state: 'ok', lastContactOn: null };
}

export interface ContactValues {
  kind: ContactKind;
  contactedOn: string;
  done: string;
  needs?: string;
}

export function toContactBody(values: ContactValues): ContactBody {
  const needs = values.needs?.trim() ?? '';
  return { kind: values.kind, contactedOn: values.contactedOn, done: values.done.trim(), needs: needs ? needs : null };
}

export interface HelperValues {
  name: string;
  phone: string;
}

export function toHelpersBody(rows: readonly HelperValues[]): HelperBody[] {
  return rows.map((r) => ({ name: r.name.trim(), phone: r.phone.replace(/[\s-]/g, '') }));
}

/** The card's QR token from a scanned address's query (`c`, as the server writes it in the card's url). */
export function cardTokenOf(search: string): string | null {
  const token = new URLSearchParams(search).get('c')?.trim() ?? '';
  return token ? token : null;
}
