import { scryptSync } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  DUMMY_PASSWORD_HASH,
  dummyPasswordHash,
  hashPassword,
  passwordProblems,
  setPasswordCostForTests,
  verifyPassword,
} from './password.js';

const PASSWORD = 'Gonghui@2026';

// The harness lowers the cost for the rest of the suite (test/harness/setup.ts); this file is about
// the production parameters.
setPasswordCostForTests();

describe(hashPassword.name, () => {
  it('records the scheme and the scrypt parameters N=32768, r=8, p=1 with a 16-byte salt and a 32-byte key', async () => {
    const stored = await hashPassword(PASSWORD);
    const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt!, 'base64').length).toBe(16);
    expect(Buffer.from(key!, 'base64').length).toBe(32);
    expect(rest).toEqual([]);
  });

  it('gives two different hashes for the same password (random salt)', async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(a).not.toBe(b);
  });

  it('does not contain the password', async () => {
    expect(await hashPassword(PASSWORD)).not.toContain(PASSWORD);
  });
});

describe(verifyPassword.name, () => {
  it('accepts the password the hash was made from', async () => {
    expect(await verifyPassword(PASSWORD, await hashPassword(PASSWORD))).toBe(true);
  });

  it('refuses another password', async () => {
    const stored = await hashPassword(PASSWORD);
    expect(await verifyPassword('Gonghui@2025', stored)).toBe(false);
    expect(await verifyPassword('gonghui@2026', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('accepts a Chinese password and its full-width digits written half-width (NFKC)', async () => {
    const stored = await hashPassword('工会娘家人２０２６');
    expect(await verifyPassword('工会娘家人２０２６', stored)).toBe(true);
    expect(await verifyPassword('工会娘家人2026', stored)).toBe(true);
  });

  it('verifies a hash made with other scrypt parameters, read from the hash itself', async () => {
    // N=1024, r=8, p=1, salt "gonghui-salt-001", key of "Gonghui@2026": as an older, cheaper hash would be stored.
    const salt = Buffer.from('gonghui-salt-001');
    const key = scryptSync(PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword('Gonghui@2025', stored)).toBe(false);
  });

  it('refuses every password against the dummy hash used for unknown usernames', async () => {
    expect(await verifyPassword(PASSWORD, DUMMY_PASSWORD_HASH)).toBe(false);
    expect(await verifyPassword('', DUMMY_PASSWORD_HASH)).toBe(false);
    expect(dummyPasswordHash()).toBe(DUMMY_PASSWORD_HASH);
  });

  it('returns false for a stored string that is not a hash of ours', async () => {
    for (const stored of [
      '',
      'Gonghui@2026',
      '$2b$10$abcdefghijklmnopqrstuu',
      'scrypt$32768$8$1$c2FsdA==',
      'argon2$32768$8$1$c2FsdA==$a2V5',
    ]) {
      expect(await verifyPassword(PASSWORD, stored), stored).toBe(false);
    }
  });

  it('returns false, not an exception, for a stored hash whose parameters are not numbers', async () => {
    await expect(verifyPassword(PASSWORD, 'scrypt$abc$8$1$c2FsdA==$a2V5a2V5a2V5a2V5')).resolves.toBe(false);
  });

  it('returns false for a stored hash whose key is not base64 (it decodes to no bytes at all)', async () => {
    // "!!!!" decodes to an empty buffer; an empty derived key must not compare equal to it.
    await expect(verifyPassword('any password at all', 'scrypt$32768$8$1$c2FsdA==$!!!!')).resolves.toBe(false);
  });
});

describe(passwordProblems.name, () => {
  it('finds a 7-character password too short even with all four classes', () => {
    expect(passwordProblems('Short1!')).toEqual(['too_short']);
  });

  it('finds 19 lowercase letters too simple', () => {
    expect(passwordProblems('alllowercaseletters')).toEqual(['too_simple']);
  });

  it('finds a short password of one class both too short and too simple', () => {
    expect(passwordProblems('keqiao')).toEqual(['too_short', 'too_simple']);
  });

  it('finds nothing wrong with 12 characters of four classes', () => {
    expect(passwordProblems('Gonghui@2026')).toEqual([]);
  });

  it('accepts exactly ten characters of three classes', () => {
    expect(passwordProblems('Keqiao2026')).toEqual([]);
  });

  it('refuses nine characters of three classes as too short', () => {
    expect(passwordProblems('Keqiao202')).toEqual(['too_short']);
  });

  it('counts Chinese characters as the "other" class', () => {
    expect(passwordProblems('工会娘家人keqiao2026')).toEqual([]);
  });
});

describe(setPasswordCostForTests.name, () => {
  it('makes new hashes and the dummy hash at the cost it is given, and puts the production cost back', async () => {
    try {
      setPasswordCostForTests(1024);
      const stored = await hashPassword(PASSWORD);
      expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1']);
      expect(await verifyPassword(PASSWORD, stored)).toBe(true);
      expect(dummyPasswordHash().split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1']);
      expect(await verifyPassword(PASSWORD, dummyPasswordHash())).toBe(false);
    } finally {
      setPasswordCostForTests();
    }
    expect((await hashPassword(PASSWORD)).split('$')[1]).toBe('32768');
    expect(dummyPasswordHash()).toBe(DUMMY_PASSWORD_HASH);
  });

  it('refuses outside tests', () => {
    try {
      vi.stubEnv('NODE_ENV', 'production');
      expect(() => setPasswordCostForTests(1024)).toThrow('fixed outside tests');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
