// The member card's tokens and published keys predate the platform's token scheme. Partners verify cards
// offline with the keys they already hold, and tokens issued before a deploy are in flight during it: the
// "card" type must stay byte for byte what members/service/card.ts made before the scheme moved here.
import { createHmac, createPrivateKey, createPublicKey, hkdfSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DataKey } from '../crypto/field-cipher.js';
import { defineTokenType, TokenKeyring } from './keyring.js';

const CARD = defineTokenType<{ n: string }>({
  type: 'card',
  prefix: 'GH1',
  readClaims: (p) => (typeof p.n === 'string' ? { n: p.n } : null),
});

const NOW = new Date('2026-11-23T08:00:00Z');
const MEMBER_NO = '33000000000420';

// The development seed (config.ts, DEV_CARD_KEYS), and what the card code before the move answered for
// it (members/service/card.ts at commit 6d47753, run once): its token for MEMBER_NO at NOW with a
// 90-second lifetime, and its published key.
const DEV_SEED: DataKey = { id: 'card-dev1', key: Buffer.from('ZGV2LWNhcmQtc2lnbmluZy1zZWVkLW5vdC1wcm9kISE=', 'base64') };
const DEV_TOKEN =
  'GH1.eyJrIjoiY2FyZC1kZXYxIiwibiI6IjMzMDAwMDAwMDAwNDIwIiwiaSI6MTc5NTQyMDgwMCwiZSI6MTc5NTQyMDg5MH0.' +
  'kLOZD0VQKbLjm-fqywIt3WzrEGsPpwDNJV4YCZKILLEdWixBbU2f2jTVbcXhzIPtrZMKjesrIcbYaUQHQi6rBw.ZcVkovc3chV49IKnWiEWZA';
const DEV_PUBLIC_KEY = 'mMsJUNR5621NJIsMzLFVE7S1a2vjCKNw8gfpw6otI3I';
const DEV_PEM = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAmMsJUNR5621NJIsMzLFVE7S1a2vjCKNw8gfpw6otI3I=\n-----END PUBLIC KEY-----\n';

// The card code before the move, restated with node:crypto alone (createHmac where it used the
// equivalent HmacSha256): the seed is the Ed25519 seed, the kid the seed's id, the tag key HKDF'd
// with info 'gonghui/card-issuer-tag/v1'.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
function legacyKey(seed: DataKey): { privateKey: KeyObject; publicKey: KeyObject; tagKey: Buffer } {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed.key]), format: 'der', type: 'pkcs8' });
  const tagKey = Buffer.from(hkdfSync('sha256', seed.key, Buffer.alloc(0), 'gonghui/card-issuer-tag/v1', 32));
  return { privateKey, publicKey: createPublicKey(privateKey), tagKey };
}
function legacyIssue(seed: DataKey, memberNo: string, now: Date, ttlSeconds: number): string {
  const { privateKey, tagKey } = legacyKey(seed);
  const iat = Math.floor(now.getTime() / 1000);
  const payload = Buffer.from(JSON.stringify({ k: seed.id, n: memberNo, i: iat, e: iat + ttlSeconds })).toString('base64url');
  const signed = `GH1.${payload}`;
  const tagged = `${signed}.${sign(null, Buffer.from(signed), privateKey).toString('base64url')}`;
  return `${tagged}.${createHmac('sha256', tagKey).update(tagged).digest().subarray(0, 16).toString('base64url')}`;
}
function legacyPublished(seed: DataKey) {
  const { publicKey } = legacyKey(seed);
  return {
    kid: seed.id,
    alg: 'Ed25519',
    publicKey: publicKey.export({ format: 'jwk' }).x,
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

describe('the member card under the platform token scheme', () => {
  it('issues, for the development seed, the very token and published key the card code issued before', () => {
    const ring = new TokenKeyring({ ...CARD, seeds: [DEV_SEED] });
    expect(ring.issue({ n: MEMBER_NO }, NOW, 90)).toEqual({ token: DEV_TOKEN, expiresAt: new Date('2026-11-23T08:01:30Z') });
    expect(ring.published()).toEqual([{ kid: 'card-dev1', alg: 'Ed25519', publicKey: DEV_PUBLIC_KEY, pem: DEV_PEM }]);
    expect(legacyIssue(DEV_SEED, MEMBER_NO, NOW, 90)).toBe(DEV_TOKEN);
  });

  it('verifies the tokens the card code issued, online by their tag and offline by their signature', () => {
    const ring = new TokenKeyring({ ...CARD, seeds: [DEV_SEED] });
    const expected = { ok: true, kid: 'card-dev1', claims: { n: MEMBER_NO }, issuedAt: NOW, expiresAt: new Date('2026-11-23T08:01:30Z') };
    expect(ring.verifyOnline(DEV_TOKEN, NOW)).toEqual(expected);
    expect(ring.verifyOffline(DEV_TOKEN, NOW)).toEqual(expected);
    expect(ring.verifyOnline(DEV_TOKEN.split('.').slice(0, 3).join('.'), NOW)).toEqual(expected);
  });

  it('matches the card code byte for byte for any seeds, through a rotation', () => {
    for (let round = 0; round < 8; round++) {
      const seeds = [
        { id: `card${round}b`, key: randomBytes(32) },
        { id: `card${round}a`, key: randomBytes(32) },
      ];
      const ring = new TokenKeyring({ ...CARD, seeds });
      const at = new Date(NOW.getTime() + round * 7_777_000);
      expect(ring.issue({ n: MEMBER_NO }, at, 90).token).toBe(legacyIssue(seeds[0] as DataKey, MEMBER_NO, at, 90));
      expect(ring.published()).toEqual(seeds.map(legacyPublished));
      const byRetiringSeed = legacyIssue(seeds[1] as DataKey, MEMBER_NO, at, 90);
      expect(ring.verifyOnline(byRetiringSeed, at)).toMatchObject({ ok: true, kid: `card${round}a` });
      expect(ring.verifyOffline(byRetiringSeed, at)).toMatchObject({ ok: true, kid: `card${round}a` });
    }
  });
});
