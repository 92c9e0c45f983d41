import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api.ts';
import { HISTORY_LIMIT, pendingCheck, updateHistory, upsertHistory, withCard, withError } from './check.ts';

// A well-formed token for member 33000000000420 (the signature does not matter here).
const payload = Buffer.from(JSON.stringify({ k: 'card-2026', n: '33000000000420', i: 1_780_000_000, e: 1_780_000_090 })).toString(
  'base64url',
);
const TOKEN = `GH1.${payload}.${'A'.repeat(86)}`;

function problem(code: string, status = 422): ApiError {
  return new ApiError({ title: `title of ${code}`, status, code });
}

describe(withError.name, () => {
  it('maps the card error codes onto outcomes, keeping the server title', () => {
    const base = pendingCheck(1, TOKEN);
    expect(withError(base, problem('members.card_token_expired'), 'x')).toMatchObject({
      outcome: 'expired',
      problemTitle: 'title of members.card_token_expired',
      problemCode: 'members.card_token_expired',
      // The server checked the signature before calling it expired: the number is the member's.
      memberNo: '33000000000420',
    });
    expect(withError(base, problem('members.card_member_inactive'), 'x')).toMatchObject({
      outcome: 'inactive',
      memberNo: '33000000000420',
    });
    expect(withError(base, problem('members.card_token_forged'), 'x')).toMatchObject({ outcome: 'forged', memberNo: null });
    expect(withError(base, problem('members.card_token_malformed'), 'x')).toMatchObject({ outcome: 'malformed', memberNo: null });
  });

  it('calls anything else an error: the card is neither valid nor invalid', () => {
    const base = pendingCheck(1, TOKEN);
    expect(withError(base, problem('auth.signature_invalid', 401), 'x')).toMatchObject({
      outcome: 'error',
      problemTitle: 'title of auth.signature_invalid',
    });
    expect(withError(base, new TypeError('boom'), 'fallback')).toMatchObject({
      outcome: 'error',
      problemTitle: 'fallback',
      problemCode: null,
    });
  });
});

describe(upsertHistory.name, () => {
  it('keeps the newest checks first, at most ten, and fills in answers in place', () => {
    let history = upsertHistory([], pendingCheck(1, TOKEN));
    for (let id = 2; id <= 12; id++) history = upsertHistory(history, pendingCheck(id, TOKEN));
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history.map((c) => c.id)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    const card = {
      valid: true as const,
      memberNo: '33000000000420',
      nameMasked: 'Wang*',
      status: 'active' as const,
      orgName: 'Keyan street union',
      expiresAt: '2026-06-01T00:00:00Z',
    };
    history = updateHistory(history, 5, (c) => withCard(c, card));
    expect(history.find((c) => c.id === 5)).toMatchObject({ outcome: 'valid', memberNo: '33000000000420', card });
    expect(history.map((c) => c.id)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    // An answer for a check that already fell off the list changes nothing.
    expect(updateHistory(history, 1, (c) => withCard(c, card))).toEqual(history);
  });
});
