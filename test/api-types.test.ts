import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../scripts/api-types.js';
import { useTestApp } from './harness/app.js';

describe('the web apps’ API types', () => {
  const h = useTestApp();

  it('are generated from the server’s OpenAPI document as it is now (npm run api:types)', async () => {
    const generated = await generateApiTypes(h.t.app);
    const checkedIn = readFileSync(API_TYPES_FILE, 'utf8');
    expect(checkedIn === generated, 'web/shared/api-schema.ts is stale: run `npm run api:types`').toBe(true);
  });
});
