import { createHash, hash } from 'node:crypto';

// SHA-256's block: a key is padded (or first hashed) to this length (RFC 2104).
const BLOCK_BYTES = 64;

/**
 * HMAC-SHA256 under one key, for the hot checks (a partner's request signature, the card's issuer
 * tag, the blind indexes): H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), with the padded keys computed once.
 *
 * Why not createHmac: under OpenSSL 3.0 (Node 20's), each HMAC looks its digest up anew for its inner,
 * outer and working contexts; Node's one-shot `hash` keeps the digest it looked up once. In the card
 * check benchmark the server's CPU per check fell from 101–113 µs to 92–108 with this (two runs of each,
 * alternating). The result is byte for byte createHmac's (hmac.test.ts).
 */
export class HmacSha256 {
  private readonly innerPad: Buffer;
  private readonly outerPad: Buffer;

  constructor(key: Uint8Array) {
    const block = key.length > BLOCK_BYTES ? createHash('sha256').update(key).digest() : key;
    this.innerPad = Buffer.alloc(BLOCK_BYTES, 0x36);
    this.outerPad = Buffer.alloc(BLOCK_BYTES, 0x5c);
    for (let i = 0; i < block.length; i++) {
      this.innerPad[i] = 0x36 ^ (block[i] as number);
      this.outerPad[i] = 0x5c ^ (block[i] as number);
    }
  }

  /** The 32-byte MAC of the message (a string is taken as its UTF-8 bytes). */
  digest(message: string | Uint8Array): Buffer {
    const bytes = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
    const inner = hash('sha256', Buffer.concat([this.innerPad, bytes]), 'buffer') as Buffer;
    return hash('sha256', Buffer.concat([this.outerPad, inner]), 'buffer');
  }
}
