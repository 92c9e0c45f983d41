import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacSha256 } from './hmac.js';

describe(HmacSha256.name, () => {
  // Keys around the block's 64 bytes: shorter ones are padded, longer ones hashed first.
  const keyLengths = [0, 1, 31, 32, 63, 64, 65, 200];
  const messages = ['', 'a', 'GET\n/partner/v1/me\n1\nn\nabc', '张三\u0000330603199001011234', 'é\u{1F600}'.repeat(50), 'x'.repeat(10_000)];

  it('gives createHmac’s bytes for every key length and message', () => {
    for (const length of keyLengths) {
      const key = randomBytes(length);
      const mac = new HmacSha256(key);
      for (const message of messages) {
        expect(mac.digest(message), `key ${length} bytes, message ${message.length} chars`).toEqual(
          createHmac('sha256', key).update(message, 'utf8').digest(),
        );
        const bytes = Buffer.from(message, 'utf8');
        expect(mac.digest(bytes)).toEqual(createHmac('sha256', key).update(bytes).digest());
      }
    }
  });

  it('matches RFC 4231 test case 2 (a key shorter than the block)', () => {
    const mac = new HmacSha256(Buffer.from('Jefe'));
    expect(mac.digest('what do ya want for nothing?').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('matches RFC 4231 test case 6 (a 131-byte key, hashed first)', () => {
    const mac = new HmacSha256(Buffer.alloc(131, 0xaa));
    expect(mac.digest('Test Using Larger Than Block-Size Key - Hash Key First').toString('hex')).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  it('keeps no state between messages', () => {
    const mac = new HmacSha256(randomBytes(32));
    const first = mac.digest('one');
    mac.digest('two');
    expect(mac.digest('one')).toEqual(first);
  });
});
