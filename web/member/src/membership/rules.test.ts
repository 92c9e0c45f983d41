import { describe, expect, it } from 'vitest';
import { checkUscc } from './rules.ts';

describe('the join form’s checks', () => {
  it('checks a unified social credit code', () => {
    expect(checkUscc('91330603MA2JP8Q4AK')).toEqual({ ok: true, value: '91330603MA2JP8Q4AK' });
    expect(checkUscc('91330603MA2JP8Q4AL')).toEqual({ ok: false, problem: 'checksum' });
    expect(checkUscc('9133')).toEqual({ ok: false, problem: 'format' });
  });
});
