import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, PROJECT_ROOT, WEB_DIR } from './paths.js';

describe('project paths', () => {
  it('finds the project root, its migrations and the web build directory from the sources', () => {
    expect(existsSync(path.join(PROJECT_ROOT, 'package.json'))).toBe(true);
    expect(existsSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'))).toBe(true);
    expect(WEB_DIR).toBe(path.join(PROJECT_ROOT, 'dist', 'web'));
  });
});
