import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUrl, totpCode, totpStep } from './totp.js';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SECRET_ASCII = '12345678901234567890';
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);

describe(base32Encode.name, () => {
  it('encodes the RFC 6238 seed as GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', () => {
    expect(base32Encode(Buffer.from(RFC_SECRET_ASCII, 'ascii'))).toBe(RFC_SECRET);
  });

  it('encodes the RFC 4648 test vectors without padding', () => {
    expect(base32Encode(Buffer.from('f'))).toBe('MY');
    expect(base32Encode(Buffer.from('fo'))).toBe('MZXQ');
    expect(base32Encode(Buffer.from('foo'))).toBe('MZXW6');
    expect(base32Encode(Buffer.from('foob'))).toBe('MZXW6YQ');
    expect(base32Encode(Buffer.from('fooba'))).toBe('MZXW6YTB');
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
  });
});

describe(base32Decode.name, () => {
  it('decodes what base32Encode produced, for random byte strings of every length up to 40', () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = randomBytes(length);
      expect(base32Decode(base32Encode(bytes)).equals(bytes), `length ${length}`).toBe(true);
    }
  });

  it('accepts lowercase, spaces and = padding, as people copy secrets', () => {
    expect(base32Decode('mzxw 6ytb oi======').toString('ascii')).toBe('foobar');
  });

  it('throws on a character outside the alphabet (1 and 8 are not base32)', () => {
    expect(() => base32Decode('MZXW1YTB')).toThrow('invalid base32');
    expect(() => base32Decode('MZXW8YTB')).toThrow('invalid base32');
  });
});

describe(totpCode.name, () => {
  // The 8-digit codes of RFC 6238 appendix B, cut to their last six digits.
  const vectors: [seconds: number, code: string][] = [
    [59, '287082'], // 94287082
    [1111111109, '081804'], // 07081804
    [1111111111, '050471'], // 14050471
    [1234567890, '005924'], // 89005924
    [2000000000, '279037'], // 69279037
    [20000000000, '353130'], // 65353130
  ];

  for (const [seconds, code] of vectors) {
    it(`gives ${code} at T = ${seconds} s for the RFC 6238 SHA-1 seed`, () => {
      expect(totpCode(RFC_SECRET, at(seconds))).toBe(code);
    });
  }

  it('gives the same code throughout one 30-second step and another in the next', () => {
    expect(totpCode(RFC_SECRET, at(30))).toBe(totpCode(RFC_SECRET, at(59)));
    expect(totpCode(RFC_SECRET, at(60))).not.toBe(totpCode(RFC_SECRET, at(59)));
  });
});

describe(totpStep.name, () => {
  it('counts 30-second steps since the Unix epoch', () => {
    expect(totpStep(at(59))).toBe(1);
    expect(totpStep(at(1111111109))).toBe(0x23523ec);
    expect(totpStep(at(2000000000))).toBe(0x3f940aa);
  });
});

describe(hotp.name, () => {
  // RFC 4226 appendix D, same ASCII seed.
  it('gives the RFC 4226 values for counters 0, 1 and 9', () => {
    const secret = Buffer.from(RFC_SECRET_ASCII, 'ascii');
    expect(hotp(secret, 0)).toBe('755224');
    expect(hotp(secret, 1)).toBe('287082');
    expect(hotp(secret, 9)).toBe('520489');
  });
});

describe(matchTotp.name, () => {
  const now = at(1111111109);
  const step = totpStep(now);
  const seed = Buffer.from(RFC_SECRET_ASCII, 'ascii');
  const codeAt = (s: number) => hotp(seed, s);

  it('accepts the current code and returns the current step', () => {
    expect(matchTotp(RFC_SECRET, '081804', now)).toBe(step);
  });

  it('accepts the code of the previous step (a phone clock 30 s slow) and returns that step', () => {
    expect(matchTotp(RFC_SECRET, codeAt(step - 1), now)).toBe(step - 1);
  });

  it('accepts the code of the next step (a phone clock 30 s fast) and returns that step', () => {
    expect(matchTotp(RFC_SECRET, codeAt(step + 1), now)).toBe(step + 1);
  });

  it('refuses the code of two steps before or after', () => {
    const nearby = new Set([codeAt(step - 1), codeAt(step), codeAt(step + 1)]);
    for (const s of [step - 2, step + 2]) {
      expect(nearby.has(codeAt(s))).toBe(false); // so the refusal is not luck
      expect(matchTotp(RFC_SECRET, codeAt(s), now)).toBeNull();
    }
  });

  it('refuses a code that is not six digits', () => {
    for (const code of ['81804', '0081804', '07081804', '08180a', ' 081804', '081 804', '']) {
      expect(matchTotp(RFC_SECRET, code, now), JSON.stringify(code)).toBeNull();
    }
  });

  it('refuses the right code for another secret', () => {
    const other = base32Encode(Buffer.from('09876543210987654321', 'ascii'));
    expect(matchTotp(other, '081804', now)).toBeNull();
  });
});

describe(newTotpSecret.name, () => {
  it('makes a 32-character base32 secret of 20 bytes, different each time', () => {
    const a = newTotpSecret();
    const b = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a).length).toBe(20);
    expect(a).not.toBe(b);
  });
});

describe(otpauthUrl.name, () => {
  it('carries the secret, the issuer 工惠 and the account in an otpauth URL', () => {
    const url = new URL(otpauthUrl(RFC_SECRET, 'keqiao-admin'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/工惠:keqiao-admin');
    expect(url.searchParams.get('secret')).toBe(RFC_SECRET);
    expect(url.searchParams.get('issuer')).toBe('工惠');
    expect(url.searchParams.get('digits')).toBe('6');
    expect(url.searchParams.get('period')).toBe('30');
    expect(url.searchParams.get('algorithm')).toBe('SHA1');
  });

  it('uses the issuer it is given', () => {
    const url = new URL(otpauthUrl(RFC_SECRET, 'zhu.rong', '柯桥区总工会'));
    expect(url.searchParams.get('issuer')).toBe('柯桥区总工会');
    expect(decodeURIComponent(url.pathname)).toBe('/柯桥区总工会:zhu.rong');
  });
});
