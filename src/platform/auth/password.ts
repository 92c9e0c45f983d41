import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => {
    scryptCb(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)));
  });

// OWASP's scrypt floor (N=2^17, r=8, p=1) costs ~128 MiB and ~0.3 s a hash: too slow for a 2-core
// box facing a sign-in burst. N=2^15 keeps ~32 MiB and is recorded in the hash, so it can be raised
// later and old hashes still verify.
const PARAMS = { N: 2 ** 15, r: 8, p: 1, keylen: 32 };
let cost = PARAMS.N;

/**
 * Tests only (NODE_ENV=test): the scrypt N of the hashes made from now on and of the dummy hash an
 * unknown name is checked against; no argument puts back the production N. The suite seeds staff and
 * signs them in thousands of times, at ~0.25 s of CPU a hash at N=2^15; every hash records its N,
 * so what a test proves about hashing and checking holds for any N (password.test.ts checks N=2^15).
 */
export function setPasswordCostForTests(n: number = PARAMS.N): void {
  if (process.env.NODE_ENV !== 'test') throw new Error('the password hash cost is fixed outside tests');
  cost = n;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, PARAMS.keylen, {
    N: cost,
    r: PARAMS.r,
    p: PARAMS.p,
    maxmem: 64 * 1024 * 1024,
  });
  return `scrypt$${cost}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  // A stored key shorter than 16 bytes (or empty: invalid base64) would compare equal far too easily.
  if (expected.length < 16) return false;
  const [cost, blockSize, parallel] = [Number(n), Number(r), Number(p)];
  if (![cost, blockSize, parallel].every((x) => Number.isSafeInteger(x) && x > 0)) return false;
  try {
    const key = await scrypt(password.normalize('NFKC'), Buffer.from(saltB64, 'base64'), expected.length, {
      N: cost,
      r: blockSize,
      p: parallel,
      maxmem: 256 * 1024 * 1024,
    });
    return timingSafeEqual(key, expected);
  } catch {
    // Parameters scrypt refuses (N not a power of two, too much memory): a broken hash matches nothing.
    return false;
  }
}

/** A password policy staff can live with: 10+ characters from at least three of four classes. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('too_short');
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('too_simple');
  return problems;
}

// A fixed hash to verify against when the username is unknown, so timing does not tell which names exist.
export const DUMMY_PASSWORD_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** The dummy hash at the cost of the hashes being made (DUMMY_PASSWORD_HASH but in tests). */
export function dummyPasswordHash(): string {
  return cost === PARAMS.N ? DUMMY_PASSWORD_HASH : DUMMY_PASSWORD_HASH.replace(`$${PARAMS.N}$`, `$${cost}$`);
}
