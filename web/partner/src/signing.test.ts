import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalRequest, hmacSha256Sync, sha256Sync, signatureHeaders, toBase64, toHex } from './signing.ts';

const encoder = new TextEncoder();

// The server's side of the protocol (src/platform/auth/partner-client.ts), restated with node:crypto.
function serverSignature(secret: string, method: string, path: string, timestamp: string, nonce: string, body: string): string {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  return createHmac('sha256', secret).update(`${method}\n${path}\n${timestamp}\n${nonce}\n${bodyHash}`, 'utf8').digest('base64');
}

describe(signatureHeaders.name, () => {
  it('signs exactly as the server verifies, body and query included', async () => {
    const body = JSON.stringify({ cardNo: '工会卡-001', amountFen: 1250 });
    const headers = await signatureHeaders(
      { keyId: 'key_1', secret: 's3cr3t' },
      { method: 'post', pathWithQuery: '/partner/v1/redeem?x=1', body, now: new Date(1_700_000_000_000), nonce: 'nonce-0001' },
    );
    expect(headers).toEqual({
      'x-gonghui-key': 'key_1',
      'x-gonghui-timestamp': '1700000000',
      'x-gonghui-nonce': 'nonce-0001',
      'x-gonghui-signature': serverSignature('s3cr3t', 'POST', '/partner/v1/redeem?x=1', '1700000000', 'nonce-0001', body),
    });
  });

  it('hashes an empty body as the empty string', () => {
    const emptyHash = createHash('sha256').update('').digest('hex');
    expect(canonicalRequest('get', '/partner/v1/me', '1', 'n', emptyHash)).toBe(`GET\n/partner/v1/me\n1\nn\n${emptyHash}`);
  });
});

describe('pure-JS fallback (pages served without a secure context)', () => {
  it('matches node:crypto for SHA-256 and HMAC-SHA256 across block boundaries', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 127, 128, 1000]) {
      const text = 'a工'.repeat(length).slice(0, length);
      expect(toHex(sha256Sync(encoder.encode(text)))).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      for (const key of ['k', 'x'.repeat(100)]) {
        expect(toBase64(hmacSha256Sync(encoder.encode(key), encoder.encode(text)))).toBe(
          createHmac('sha256', key).update(text, 'utf8').digest('base64'),
        );
      }
    }
  });
});
