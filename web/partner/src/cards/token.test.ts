import { createHmac, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cleanToken,
  isValidMemberNo,
  parseCardToken,
  verifyOffline,
  webCryptoEd25519,
  type Ed25519Verify,
  type PublishedCardKey,
} from './token.ts';

// The server's side (src/platform/tokens/keyring.ts, the "card" type), restated with node:crypto.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function serverKey(kid: string, seedByte: number): { kid: string; privateKey: KeyObject; published: PublishedCardKey } {
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.alloc(32, seedByte)]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  return {
    kid,
    privateKey,
    published: {
      kid,
      alg: 'Ed25519',
      publicKey: publicKey.export({ format: 'jwk' }).x ?? '',
      pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    },
  };
}

function issue(key: { kid: string; privateKey: KeyObject }, memberNo: string, iat: number, ttl = 90): string {
  const payload = Buffer.from(JSON.stringify({ k: key.kid, n: memberNo, i: iat, e: iat + ttl })).toString('base64url');
  const signed = `GH1.${payload}`;
  const tagged = `${signed}.${sign(null, Buffer.from(signed), key.privateKey).toString('base64url')}`;
  // The issuer's tag: an HMAC only the server can check; the browser reads past it.
  return `${tagged}.${createHmac('sha256', key.kid).update(tagged).digest().subarray(0, 16).toString('base64url')}`;
}

const MEMBER_NO = '33000000000420';
const NOW = new Date(1_780_000_000_000);
const IAT = Math.floor(NOW.getTime() / 1000) - 10;
const current = serverKey('card-2026', 7);
const previous = serverKey('card-2025', 9);
const keys = [current.published, previous.published];

async function ed25519(): Promise<Ed25519Verify> {
  const verify = await webCryptoEd25519(Buffer.from(current.published.publicKey, 'base64url'));
  if (!verify) throw new Error('this Node has no WebCrypto Ed25519');
  return verify;
}

describe(parseCardToken.name, () => {
  it('reads the claims of a server-issued token, scanner line ending and all', () => {
    const token = issue(current, MEMBER_NO, IAT);
    const parsed = parseCardToken(`  ${token}\r\n`);
    expect(parsed?.token).toBe(token);
    expect(parsed?.claims).toEqual({
      kid: 'card-2026',
      memberNo: MEMBER_NO,
      issuedAt: new Date(IAT * 1000),
      expiresAt: new Date((IAT + 90) * 1000),
    });
    expect(parsed?.signature).toHaveLength(64);
  });

  it('reads a token without its issuer tag too, and keeps the tag on the token it sends', () => {
    const token = issue(current, MEMBER_NO, IAT);
    const untagged = token.split('.').slice(0, 3).join('.');
    expect(parseCardToken(untagged)?.claims.memberNo).toBe(MEMBER_NO);
    expect(parseCardToken(token)?.token).toBe(token);
    expect(parseCardToken(token)?.signedPart).toBe(untagged.split('.').slice(0, 2).join('.'));
  });

  it('refuses what is not a GH1 token', () => {
    const [, payload = '', signature = ''] = issue(current, MEMBER_NO, IAT).split('.');
    const notJson = Buffer.from('not json').toString('base64url');
    const badNumber = Buffer.from(JSON.stringify({ k: 'card-2026', n: '33000000000421', i: IAT, e: IAT + 90 })).toString('base64url');
    for (const input of [
      '',
      'https://example.com/not-a-card',
      `GH2.${payload}.${signature}`,
      `GH1.${payload}`,
      `GH1.${payload}.${signature}.x`,
      `GH1.${payload}.${signature}.${'A'.repeat(22)}.x`,
      `GH1.${payload}+.${signature}`,
      `GH1.${notJson}.${signature}`,
      `GH1.${badNumber}.${signature}`,
    ]) {
      expect(parseCardToken(input), input).toBeNull();
    }
  });
});

describe(isValidMemberNo.name, () => {
  it('checks the ISO 7064 MOD 11-2 character as the server does', () => {
    expect(isValidMemberNo(MEMBER_NO)).toBe(true);
    expect(isValidMemberNo('33000000000421')).toBe(false);
    expect(isValidMemberNo('3300000000042')).toBe(false);
  });
});

describe(verifyOffline.name, () => {
  it('passes a token signed by a published key, the older key of a rotation included', async () => {
    const verify = await ed25519();
    expect(await verifyOffline(issue(current, MEMBER_NO, IAT), keys, verify, NOW)).toMatchObject({
      result: 'pass',
      claims: { memberNo: MEMBER_NO },
    });
    expect(await verifyOffline(issue(previous, MEMBER_NO, IAT), keys, verify, NOW)).toMatchObject({
      result: 'pass',
      claims: { kid: 'card-2025' },
    });
  });

  it('fails a token whose payload or signature was changed, or that another key signed under a published kid', async () => {
    const verify = await ed25519();
    const [prefix, payload = '', signature = ''] = issue(current, MEMBER_NO, IAT).split('.');
    const otherPayload = Buffer.from(JSON.stringify({ k: 'card-2026', n: '33000000000439', i: IAT, e: IAT + 90 })).toString('base64url');
    expect(isValidMemberNo('33000000000439')).toBe(true);
    expect(await verifyOffline(`${prefix}.${otherPayload}.${signature}`, keys, verify, NOW)).toEqual({ result: 'forged' });
    const flipped = Buffer.from(signature, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(await verifyOffline(`${prefix}.${payload}.${flipped.toString('base64url')}`, keys, verify, NOW)).toEqual({ result: 'forged' });
    expect(await verifyOffline(`${prefix}.${payload}.${signature.slice(0, 20)}`, keys, verify, NOW)).toEqual({ result: 'forged' });
    const impostor = serverKey('card-2026', 42);
    expect(await verifyOffline(issue(impostor, MEMBER_NO, IAT), keys, verify, NOW)).toEqual({ result: 'forged' });
  });

  it('says expired once the lifetime is over, or when issued more than 30 s ahead', async () => {
    const verify = await ed25519();
    const token = issue(current, MEMBER_NO, IAT, 90);
    expect((await verifyOffline(token, keys, verify, new Date((IAT + 90) * 1000))).result).toBe('pass');
    expect((await verifyOffline(token, keys, verify, new Date((IAT + 91) * 1000))).result).toBe('expired');
    const ahead = Math.floor(NOW.getTime() / 1000) + 31;
    expect((await verifyOffline(issue(current, MEMBER_NO, ahead), keys, verify, NOW)).result).toBe('expired');
    expect((await verifyOffline(issue(current, MEMBER_NO, ahead - 2), keys, verify, NOW)).result).toBe('pass');
  });

  it('tells an unpublished key id and a malformed token apart from a forgery', async () => {
    const verify = await ed25519();
    expect(await verifyOffline(issue(serverKey('card-2030', 3), MEMBER_NO, IAT), keys, verify, NOW)).toEqual({ result: 'unknown-key' });
    expect(await verifyOffline('hello', keys, verify, NOW)).toEqual({ result: 'malformed' });
  });
});

describe(cleanToken.name, () => {
  it('drops the line breaks and spaces a scanner or a paste adds', () => {
    expect(cleanToken('\tGH1.a.b\r\n')).toBe('GH1.a.b');
  });
});
