import { describe, expect, it } from 'vitest';
import { keysetCursor, parseKeysetCursor } from './keyset.js';

describe('keyset cursors', () => {
  it('gives back the instant and id it was made from', () => {
    const at = new Date('2026-12-06T02:00:00.123Z');
    const id = '01a24b5f-aa1d-7753-9095-5e47ec260ff5';
    expect(parseKeysetCursor(keysetCursor(at, id))).toEqual({ at, id });
  });

  it('reads anything else as no cursor: a hand-edited link starts at the first page', () => {
    for (const bad of [
      undefined,
      '',
      'x',
      '2026-12-06T02:00:00Z',
      'not-a-date|01a24b5f-aa1d-7753-9095-5e47ec260ff5',
      '2026-12-06T02:00:00Z|42',
      '2026-12-06T02:00:00Z|01a24b5f-aa1d-7753-9095-5e47ec260ff5|x',
    ]) {
      expect(parseKeysetCursor(bad)).toBeNull();
    }
  });
});
