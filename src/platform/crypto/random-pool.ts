// A call into the CSPRNG (a getrandom system call under OpenSSL) costs more than an AES-GCM of a short
// field or the rest of a UUID; what needs a few random bytes thousands of times a second (field IVs,
// request and member ids) cuts them from a pooled buffer of the same CSPRNG instead, each byte once.
import { randomBytes } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let at = 0;

/** `length` (≤ 4096) fresh random bytes: a view of the pool, to be copied or consumed before the next call. */
export function pooledRandomBytes(length: number): Buffer {
  if (at + length > pool.length) {
    pool = randomBytes(POOL_BYTES);
    at = 0;
  }
  const bytes = pool.subarray(at, at + length);
  at += length;
  return bytes;
}
