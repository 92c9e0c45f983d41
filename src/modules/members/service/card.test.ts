import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../platform/errors/app-error.js';
import { formatMemberNo } from '../rules.js';
import { CardKeyring } from './card.js';

const NOW = new Date('2026-11-23T08:00:00Z');
const A = formatMemberNo('33', 17);
const B = formatMemberNo('33', 25);
const key = (id: string) => ({ id, key: randomBytes(32) });

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

describe('the member card keyring', () => {
  it('accepts the token it issued, and one the key being rotated out issued', () => {
    const old = key('card2025');
    const current = key('card2026');
    const before = new CardKeyring([old]).issue(A, NOW, 90);
    const ring = new CardKeyring([current, old]);
    expect(ring.check(ring.issue(A, NOW, 90).token, NOW).kid).toBe('card2026');
    expect(ring.check(before.token, NOW).kid).toBe('card2025');
  });

  it('checks a tagged token by its tag, and one without the tag by its signature', () => {
    const ring = new CardKeyring([key('card2026')]);
    const { token } = ring.issue(A, NOW, 90);
    const [prefix, payload, signature, tag] = token.split('.') as [string, string, string, string];
    expect(tag).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ring.check(`${prefix}.${payload}.${signature}`, NOW).memberNo).toBe(A);
    expect(ring.check(`${prefix}.${payload}.${signature}.${tag}`, NOW).memberNo).toBe(A);
  });

  it('refuses what it did not issue: another key under the same kid, a flipped bit, a swapped payload, a wrong tag', () => {
    const ring = new CardKeyring([key('card2026')]);
    const impostor = new CardKeyring([key('card2026')]).issue(A, NOW, 90).token;
    const untagged = (t: string) => t.split('.').slice(0, 3).join('.');
    for (const forged of [impostor, untagged(impostor)]) {
      expect(codeOf(() => ring.check(forged, NOW))).toBe('members.card_token_forged');
    }

    const { token } = ring.issue(A, NOW, 90);
    const [prefix, payload, signature, tag] = token.split('.') as [string, string, string, string];
    const flip = (text: string) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[5] = (bytes[5] ?? 0) ^ 1;
      return bytes.toString('base64url');
    };
    const other = ring.issue(B, NOW, 90).token.split('.')[1] ?? '';
    for (const forged of [
      `${prefix}.${payload}.${flip(signature)}`,
      `${prefix}.${payload}.${flip(signature)}.${tag}`,
      `${prefix}.${payload}.${signature}.${flip(tag)}`,
      `${prefix}.${other}.${signature}`,
      `${prefix}.${other}.${signature}.${tag}`,
    ]) {
      expect(
        codeOf(() => ring.check(forged, NOW)),
        forged,
      ).toBe('members.card_token_forged');
    }
  });

  it('issues a standard Ed25519 signature that the published key verifies', () => {
    const ring = new CardKeyring([key('card2026')]);
    const { token } = ring.issue(A, NOW, 90);
    const [prefix, payload, signature] = token.split('.') as [string, string, string];
    const published = ring.published()[0];
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: published?.publicKey ?? '' }, format: 'jwk' });
    expect(verify(null, Buffer.from(`${prefix}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
  });
});
