import { describe, expect, it } from 'vitest';
import { isPersonName } from './person-name.ts';

const NAMES = [
  '李明',
  '𠮷李',
  '王𪚥',
  '阿依古丽·买买提',
  '阿依古丽•买买提',
  '阿依古丽.买买提',
  '林〇',
  'John Smith',
  "O'Neil",
  '𠮷'.repeat(30),
  '𠮷'.repeat(31),
  '李',
  '李\u202e明',
  '李\u200b明',
  '李\u200d明',
  '李\n明',
  '·李明',
  '李··明',
  '李 明',
  '张3',
  '王👍',
  '',
];

describe(isPersonName.name, () => {
  it('accepts supplementary-plane characters and the middle dot, and refuses invisible and direction-changing characters', () => {
    expect(isPersonName('𠮷李')).toBe(true);
    expect(isPersonName('王𪚥')).toBe(true);
    expect(isPersonName('阿依古丽·买买提')).toBe(true);
    expect(isPersonName('李\u202e明')).toBe(false);
    expect(isPersonName('李\u200b明')).toBe(false);
  });

  it('agrees with the server’s rule', async () => {
    // Through a variable: the web app has its own tsconfig, not the server's.
    const serverValidators = '../../src/platform/crypto/validators.ts';
    const server = (await import(/* @vite-ignore */ serverValidators)) as { checkPersonName: (raw: string) => { ok: boolean } };
    for (const name of NAMES) expect(isPersonName(name), JSON.stringify(name)).toBe(server.checkPersonName(name).ok);
  });
});
