import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.js';
import { defineTokenType, tokenKeyring, TokenKeyring, type TokenCheck, type TokenClaims, type TokenType } from './keyring.js';

const NOW = new Date('2026-11-23T08:00:00Z');
const seed = (id: string) => ({ id, key: randomBytes(32) });

type CouponClaims = { c: string; d: number };
const COUPON = defineTokenType<CouponClaims>({
  type: 'coupon',
  prefix: 'GHC1',
  readClaims: (p) => (typeof p.c === 'string' && typeof p.d === 'number' ? { c: p.c, d: p.d } : null),
});
type CheckInClaims = { a: string };
const CHECK_IN = defineTokenType<CheckInClaims>({
  type: 'check-in',
  prefix: 'GHA1',
  readClaims: (p) => (typeof p.a === 'string' ? { a: p.a } : null),
});
type CardClaims = { n: string };
const CARD = defineTokenType<CardClaims>({
  type: 'card',
  prefix: 'GH1',
  readClaims: (p) => (typeof p.n === 'string' ? { n: p.n } : null),
});

const COUPON_CLAIMS: CouponClaims = { c: '0193a2b4-claim', d: 20261123 };

function outcome(check: TokenCheck<TokenClaims>): string {
  return check.ok ? 'ok' : check.failure;
}

function flip(base64url: string, at = 5): string {
  const bytes = Buffer.from(base64url, 'base64url');
  bytes[at] = (bytes[at] ?? 0) ^ 1;
  return bytes.toString('base64url');
}

function parts(token: string): [string, string, string, string] {
  return token.split('.') as [string, string, string, string];
}

describe(TokenKeyring.name, () => {
  describe('a round trip for each type', () => {
    const seeds = [seed('card2026')];
    const cases: [TokenType<TokenClaims>, TokenClaims, string][] = [
      [COUPON, COUPON_CLAIMS, 'coupon:card2026'],
      [CHECK_IN, { a: 'activity-42' }, 'check-in:card2026'],
      [CARD, { n: '33000000000420' }, 'card2026'],
    ];
    for (const [type, claims, kid] of cases) {
      it(`gives back the ${type.type} claims it signed, online and offline, under the kid ${kid}`, () => {
        const ring = new TokenKeyring({ ...type, seeds });
        const { token, expiresAt } = ring.issue(claims, NOW, 90);
        expect(token.startsWith(`${type.prefix}.`)).toBe(true);
        expect(expiresAt).toEqual(new Date(NOW.getTime() + 90_000));
        const expected = { ok: true, kid, claims, issuedAt: NOW, expiresAt };
        expect(ring.verifyOnline(token, NOW)).toEqual(expected);
        expect(ring.verifyOffline(token, NOW)).toEqual(expected);
        expect(ring.published().map((k) => k.kid)).toEqual([kid]);
      });
    }

    it('writes the payload as compact JSON: the kid, the claims in their order, then the lifetime', () => {
      const ring = new TokenKeyring({ ...COUPON, seeds });
      const payload = Buffer.from(parts(ring.issue(COUPON_CLAIMS, NOW, 60).token)[1], 'base64url').toString('utf8');
      const iat = NOW.getTime() / 1000;
      expect(payload).toBe(`{"k":"coupon:card2026","c":"0193a2b4-claim","d":20261123,"i":${iat},"e":${iat + 60}}`);
    });

    it('signs with a standard Ed25519 signature that the published key verifies', () => {
      const ring = new TokenKeyring({ ...COUPON, seeds });
      const [prefix, payload, signature] = parts(ring.issue(COUPON_CLAIMS, NOW, 90).token);
      const published = ring.published()[0];
      const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: published?.publicKey ?? '' }, format: 'jwk' });
      expect(verify(null, Buffer.from(`${prefix}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
      expect(createPublicKey(published?.pem ?? '').export({ format: 'jwk' }).x).toBe(published?.publicKey);
    });
  });

  describe('types kept apart', () => {
    it('derives different keys and kids for each type from one seed', () => {
      const seeds = [seed('card2026')];
      const types: TokenType<TokenClaims>[] = [COUPON, CHECK_IN, CARD];
      const keys = types.map((type) => new TokenKeyring({ ...type, seeds }).published()[0]);
      expect(new Set(keys.map((k) => k?.kid)).size).toBe(3);
      expect(new Set(keys.map((k) => k?.publicKey)).size).toBe(3);
    });

    it("refuses another type's token as forged even under the same prefix, and as malformed under another", () => {
      const seeds = [seed('card2026')];
      const coupon = new TokenKeyring({ ...COUPON, seeds });
      // A second type that reads the same claims under the same prefix: only the keys tell them apart.
      const lookalike = new TokenKeyring({ ...COUPON, type: 'voucher', seeds });
      const checkIn = new TokenKeyring({ ...CHECK_IN, seeds });
      const token = coupon.issue(COUPON_CLAIMS, NOW, 90).token;
      const untagged = parts(token).slice(0, 3).join('.');
      expect(outcome(lookalike.verifyOnline(token, NOW))).toBe('forged');
      expect(outcome(lookalike.verifyOffline(untagged, NOW))).toBe('forged');
      expect(outcome(checkIn.verifyOnline(token, NOW))).toBe('malformed');

      // The same token re-labelled with the other type's kid fails on its signature.
      const [prefix, payload, signature, tag] = parts(token);
      const relabelled = Buffer.from(
        Buffer.from(payload, 'base64url').toString('utf8').replace('"coupon:card2026"', '"voucher:card2026"'),
      ).toString('base64url');
      expect(outcome(lookalike.verifyOnline(`${prefix}.${relabelled}.${signature}.${tag}`, NOW))).toBe('forged');
      expect(outcome(lookalike.verifyOffline(`${prefix}.${relabelled}.${signature}`, NOW))).toBe('forged');
    });
  });

  describe('rotation', () => {
    it('signs with the first seed and verifies with every one, until the old seed is removed', () => {
      const old = seed('card2025');
      const current = seed('card2026');
      const before = new TokenKeyring({ ...COUPON, seeds: [old] }).issue(COUPON_CLAIMS, NOW, 90).token;
      const rotated = new TokenKeyring({ ...COUPON, seeds: [current, old] });
      const after = rotated.issue(COUPON_CLAIMS, NOW, 90).token;
      expect(rotated.verifyOnline(after, NOW)).toMatchObject({ ok: true, kid: 'coupon:card2026' });
      expect(rotated.verifyOnline(before, NOW)).toMatchObject({ ok: true, kid: 'coupon:card2025' });
      expect(rotated.verifyOffline(before, NOW)).toMatchObject({ ok: true, kid: 'coupon:card2025' });
      expect(rotated.published().map((k) => k.kid)).toEqual(['coupon:card2026', 'coupon:card2025']);

      const twice = new TokenKeyring({ ...COUPON, seeds: [current, { ...old, id: 'card2026' }] });
      expect(outcome(twice.verifyOnline(twice.issue(COUPON_CLAIMS, NOW, 90).token, NOW))).toBe('ok');
      expect(twice.published()).toEqual(new TokenKeyring({ ...COUPON, seeds: [current] }).published());

      const retired = new TokenKeyring({ ...COUPON, seeds: [current] });
      expect(outcome(retired.verifyOnline(before, NOW))).toBe('forged');
      expect(outcome(retired.verifyOnline(after, NOW))).toBe('ok');
    });
  });

  describe('tampering and lifetime', () => {
    const ring = new TokenKeyring({ ...COUPON, seeds: [seed('card2026')] });
    const { token } = ring.issue(COUPON_CLAIMS, NOW, 90);
    const [prefix, payload, signature, tag] = parts(token);

    it('refuses a token signed by another key under the same kid, online and offline', () => {
      const impostor = new TokenKeyring({ ...COUPON, seeds: [seed('card2026')] }).issue(COUPON_CLAIMS, NOW, 90).token;
      expect(outcome(ring.verifyOnline(impostor, NOW))).toBe('forged');
      expect(outcome(ring.verifyOffline(impostor, NOW))).toBe('forged');
      expect(outcome(ring.verifyOnline(parts(impostor).slice(0, 3).join('.'), NOW))).toBe('forged');
    });

    it('refuses a flipped bit in the signature or the tag, and a swapped payload', () => {
      const other = parts(ring.issue({ c: 'another-claim', d: 20261123 }, NOW, 90).token)[1];
      for (const forged of [
        `${prefix}.${payload}.${flip(signature)}`,
        `${prefix}.${payload}.${flip(signature)}.${tag}`,
        `${prefix}.${payload}.${signature}.${flip(tag)}`,
        `${prefix}.${payload}.${signature}.`,
        `${prefix}.${other}.${signature}`,
        `${prefix}.${other}.${signature}.${tag}`,
      ]) {
        expect(outcome(ring.verifyOnline(forged, NOW)), forged).toBe('forged');
      }
    });

    it('checks the tag online and ignores it offline, where only the signature counts', () => {
      const badTag = `${prefix}.${payload}.${signature}.${flip(tag)}`;
      expect(outcome(ring.verifyOnline(badTag, NOW))).toBe('forged');
      expect(outcome(ring.verifyOffline(badTag, NOW))).toBe('ok');
      expect(outcome(ring.verifyOffline(`${prefix}.${payload}.${flip(signature)}.${tag}`, NOW))).toBe('forged');
      expect(outcome(ring.verifyOnline(`${prefix}.${payload}.${signature}`, NOW))).toBe('ok');
    });

    it('refuses a token past its expiry and one issued more than 30 s ahead of the clock', () => {
      expect(outcome(ring.verifyOnline(token, new Date(NOW.getTime() + 90_000)))).toBe('ok');
      expect(outcome(ring.verifyOnline(token, new Date(NOW.getTime() + 91_000)))).toBe('expired');
      expect(outcome(ring.verifyOffline(token, new Date(NOW.getTime() + 91_000)))).toBe('expired');
      expect(outcome(ring.verifyOnline(token, new Date(NOW.getTime() - 30_000)))).toBe('ok');
      expect(outcome(ring.verifyOnline(token, new Date(NOW.getTime() - 31_000)))).toBe('expired');
    });

    it('answers malformed, never throws, for what is not a token of its type', () => {
      const encode = (value: string) => Buffer.from(value).toString('base64url');
      const iat = NOW.getTime() / 1000;
      for (const bad of [
        '',
        'GHC1',
        `GH1.${payload}.${signature}.${tag}`,
        `${token}.extra`,
        `${prefix}.%%%.${signature}.${tag}`,
        `${prefix}.${encode('null')}.${signature}`,
        `${prefix}.${encode('[1,2]')}.${signature}`,
        `${prefix}.${encode('"text"')}.${signature}`,
        `${prefix}.${encode(`{"c":"x","d":1,"i":${iat},"e":${iat + 90}}`)}.${signature}`,
        `${prefix}.${encode(`{"k":"coupon:card2026","c":"x","i":${iat},"e":${iat + 90}}`)}.${signature}`,
        `${prefix}.${encode(`{"k":"coupon:card2026","c":"x","d":1,"i":"${iat}","e":${iat + 90}}`)}.${signature}`,
        `${token}${'A'.repeat(1000)}`,
      ]) {
        expect(outcome(ring.verifyOnline(bad, NOW)), bad).toBe('malformed');
        expect(outcome(ring.verifyOffline(bad, NOW)), bad).toBe('malformed');
      }
    });

    it('takes surrounding whitespace, as a scanner may add it', () => {
      expect(outcome(ring.verifyOnline(` ${token}\n`, NOW))).toBe('ok');
    });
  });

  describe('definitions', () => {
    it('refuses claims under the names the scheme reserves, and a lifetime that is not a positive whole number', () => {
      const loose = new TokenKeyring<TokenClaims>({
        type: 'loose',
        prefix: 'GHX1',
        readClaims: (p) => p as TokenClaims,
        seeds: [seed('s1')],
      });
      for (const name of ['k', 'i', 'e']) expect(() => loose.issue({ [name]: 1 }, NOW, 90)).toThrow(/reserved/);
      expect(() => loose.issue({ x: Number.NaN }, NOW, 90)).toThrow(/finite/);
      for (const ttl of [0, -5, 1.5]) expect(() => loose.issue({ x: 1 }, NOW, ttl)).toThrow(/lifetime/);
    });

    it('refuses a bad type name or prefix, and an empty seed list', () => {
      const readClaims = () => ({});
      expect(() => defineTokenType({ type: 'Coupon', prefix: 'GHC1', readClaims })).toThrow(/type name/);
      expect(() => defineTokenType({ type: 'coupon', prefix: 'GH.1', readClaims })).toThrow(/prefix/);
      expect(() => new TokenKeyring({ type: 'coupon', prefix: 'GHC1', readClaims, seeds: [] })).toThrow(/no signing seed/);
    });
  });
});

describe(tokenKeyring.name, () => {
  it('builds each type once per configuration, from the configured seeds', () => {
    const config = parseConfig({}, { cardSigningKeys: `card2026:${randomBytes(32).toString('base64')}` });
    const p = { config };
    const ring = tokenKeyring(p, COUPON);
    expect(tokenKeyring(p, COUPON)).toBe(ring);
    expect(ring.published().map((k) => k.kid)).toEqual(['coupon:card2026']);
    expect(tokenKeyring({ config: parseConfig({}) }, COUPON)).not.toBe(ring);
    const { token } = ring.issue(COUPON_CLAIMS, NOW, 90);
    expect(outcome(tokenKeyring(p, CHECK_IN).verifyOnline(token, NOW))).toBe('malformed');
  });

  it('refuses a second definition of a type name, or of a prefix another type holds', () => {
    const p = { config: parseConfig({}) };
    tokenKeyring(p, COUPON);
    expect(() => tokenKeyring(p, defineTokenType({ ...COUPON }))).toThrow(/defined twice/);
    expect(() => tokenKeyring(p, defineTokenType({ ...CHECK_IN, prefix: 'GHC1' }))).toThrow(/prefix "GHC1" is taken/);
  });
});
