// One card check as the page keeps it: the online answer, the browser's own (offline) verdict,
// and the short history of this session's checks.
import { ApiError } from '../../../shared/api.ts';
import type { CardVerification } from '../api.ts';
import { parseCardToken, type OfflineVerdict } from './token.ts';

/** `error`: no answer from the server about the card (network, signature of the request, rate limit…). */
export type CheckOutcome = 'pending' | 'valid' | 'expired' | 'forged' | 'malformed' | 'inactive' | 'error';

export interface CardCheck {
  id: number;
  checkedAt: Date;
  token: string;
  outcome: CheckOutcome;
  /** The server's answer for a valid card. */
  card: CardVerification | null;
  /**
   * The member number to show: the server's for a valid card; for an expired card or an inactive
   * member the number in the token (the server checked its signature before saying so); else null.
   */
  memberNo: string | null;
  /** The problem's Chinese title (422 card errors and every other failure). */
  problemTitle: string | null;
  problemCode: string | null;
  offline: OfflineVerdict | null;
}

export const HISTORY_LIMIT = 10;

const CARD_ERRORS: Record<string, CheckOutcome> = {
  'members.card_token_expired': 'expired',
  'members.card_token_forged': 'forged',
  'members.card_token_malformed': 'malformed',
  'members.card_member_inactive': 'inactive',
};

export function pendingCheck(id: number, token: string, now = new Date()): CardCheck {
  return {
    id,
    checkedAt: now,
    token,
    outcome: 'pending',
    card: null,
    memberNo: null,
    problemTitle: null,
    problemCode: null,
    offline: null,
  };
}

/** The check once the server said the card is valid. */
export function withCard(check: CardCheck, card: CardVerification): CardCheck {
  return { ...check, outcome: 'valid', card, memberNo: card.memberNo, problemTitle: null, problemCode: null };
}

/** The check once the server refused it (or could not be asked). */
export function withError(check: CardCheck, error: unknown, fallbackTitle: string): CardCheck {
  const code = error instanceof ApiError ? error.code : null;
  const outcome: CheckOutcome = (code ? CARD_ERRORS[code] : undefined) ?? 'error';
  const signedNumber = outcome === 'expired' || outcome === 'inactive' ? (parseCardToken(check.token)?.claims.memberNo ?? null) : null;
  return {
    ...check,
    outcome,
    card: null,
    memberNo: signedNumber,
    problemTitle: error instanceof ApiError ? error.title : fallbackTitle,
    problemCode: code,
  };
}

/**
 * The member number to show for a check: the server's word first; else, when the server could not be
 * asked, the number in a token whose signature the browser verified itself.
 */
export function shownMemberNo(check: CardCheck): string | null {
  if (check.memberNo) return check.memberNo;
  if (check.outcome === 'error' && (check.offline?.result === 'pass' || check.offline?.result === 'expired'))
    return check.offline.claims.memberNo;
  return null;
}

/** The newest check first, at most HISTORY_LIMIT; a check already listed is replaced in place. */
export function upsertHistory(history: readonly CardCheck[], check: CardCheck): CardCheck[] {
  const index = history.findIndex((c) => c.id === check.id);
  if (index >= 0) return history.map((c) => (c.id === check.id ? check : c));
  return [check, ...history].slice(0, HISTORY_LIMIT);
}

/** Applies an update to one check of the history by id (an answer arriving after newer checks started). */
export function updateHistory(history: readonly CardCheck[], id: number, update: (check: CardCheck) => CardCheck): CardCheck[] {
  return history.map((c) => (c.id === id ? update(c) : c));
}
