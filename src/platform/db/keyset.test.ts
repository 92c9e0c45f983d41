import { describe, expect, it } from 'vitest';
import { keysetCursor, pageAfter, parseKeysetCursor } from './keyset.js';

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

  it('cuts the one row read beyond the page, and gives the cursor of the page’s last row only when there is more', () => {
    const rows = [{ id: 'c' }, { id: 'b' }, { id: 'a' }];
    expect(pageAfter(rows, 2)).toEqual({ page: [{ id: 'c' }, { id: 'b' }], nextCursor: 'b' });
    expect(pageAfter(rows, 3)).toEqual({ page: rows, nextCursor: null });
    expect(pageAfter(rows, 2, (last) => `after ${last.id}`).nextCursor).toBe('after b');
  });
});
