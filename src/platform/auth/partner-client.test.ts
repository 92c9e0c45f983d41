import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacSha256 } from '../crypto/hmac.js';
import { canonicalRequest, signCanonical } from './partner-client.js';

describe(canonicalRequest.name, () => {
  it('ends with the SHA-256 of the body as sent, in UTF-8 hex (docs/PARTNER_API.md)', () => {
    const body = JSON.stringify({ contactName: '张三', note: 'é\u{1F600}' });
    const hex = createHash('sha256').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(canonicalRequest('patch', '/partner/v1/profile?x=1', '1790000000', 'nonce-1', body)).toBe(
      `PATCH\n/partner/v1/profile?x=1\n1790000000\nnonce-1\n${hex}`,
    );
    // The empty body hashes the empty string.
    expect(
      canonicalRequest('GET', '/partner/v1/me', '1', 'n', '').endsWith('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
    ).toBe(true);
  });
});

describe(signCanonical.name, () => {
  it('is HMAC-SHA256 under the secret’s UTF-8 bytes: the partner’s string key and the server’s padded one agree', () => {
    const secret = 'sk_密钥_0123';
    const canonical = 'GET\n/partner/v1/me\n1\nn\nabc';
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(canonical, 'utf8')).digest();
    expect(signCanonical(secret, canonical)).toBe(expected.toString('base64'));
    expect(new HmacSha256(Buffer.from(secret, 'utf8')).digest(canonical)).toEqual(expected);
  });
});
