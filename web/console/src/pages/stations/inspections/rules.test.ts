import { describe, expect, it } from 'vitest';
import type { StandardItem } from './api.ts';
import {
  allPass,
  emptyAnswers,
  inspectionAccess,
  movePoint,
  newPointCode,
  noteRequired,
  previewInspection,
  toInspectionBody,
  type AnswerDrafts,
} from './rules.ts';

const items: StandardItem[] = [
  { code: 'sign', text: '统一标识标牌', required: true },
  { code: 'microwave', text: '微波炉或其他热饭设备', required: false },
  { code: 'first_aid', text: '急救药箱', required: true },
];

describe(previewInspection.name, () => {
  it('says rectify as soon as a required point fails, and counts what is still to fill in', () => {
    const drafts: AnswerDrafts = { ...emptyAnswers(items), sign: { result: 'pass', note: '' } };
    expect(previewInspection(items, drafts)).toEqual({ conclusion: 'meets', failedRequired: 0, unanswered: 2, missingNotes: 0 });
    drafts.first_aid = { result: 'fail', note: '' };
    drafts.microwave = { result: 'fail', note: '坏了' };
    expect(previewInspection(items, drafts)).toEqual({ conclusion: 'rectify', failedRequired: 1, unanswered: 0, missingNotes: 1 });
  });

  it('wants a note for a failure, and for a required point called not applicable', () => {
    expect(noteRequired(items[0] as StandardItem, { result: 'fail', note: '' })).toBe(true);
    expect(noteRequired(items[0] as StandardItem, { result: 'not_applicable', note: '' })).toBe(true);
    expect(noteRequired(items[1] as StandardItem, { result: 'not_applicable', note: '' })).toBe(false);
    expect(noteRequired(items[1] as StandardItem, { result: 'pass', note: '' })).toBe(false);
  });
});

describe(toInspectionBody.name, () => {
  it('sends the answered points in the standard’s order, with notes, and a date to put things right by only when needed', () => {
    const answers = { ...allPass(items, emptyAnswers(items)), first_aid: { result: 'fail' as const, note: ' 药品过期 ' } };
    expect(toInspectionBody(items, { visitedOn: '2026-12-07', answers, note: '', rectifyBy: '2026-12-21' })).toEqual({
      visitedOn: '2026-12-07',
      results: [
        { code: 'sign', result: 'pass' },
        { code: 'microwave', result: 'pass' },
        { code: 'first_aid', result: 'fail', note: '药品过期' },
      ],
      rectifyBy: '2026-12-21',
    });
    const fine = toInspectionBody(items, { visitedOn: '2026-12-07', answers: allPass(items, {}), note: '良好', rectifyBy: '2026-12-21' });
    expect(fine).toEqual({ visitedOn: '2026-12-07', results: expect.any(Array), note: '良好' });
  });
});

describe('editing a checklist', () => {
  it('names a new point with a code no point has', () => {
    expect(newPointCode(items)).toBe('item_4');
    expect(newPointCode([{ code: 'item_2' }, { code: 'item_3' }])).toBe('item_4');
    expect(newPointCode([{ code: 'item_1' }])).toBe('item_2');
  });

  it('moves a point up or down, and not past either end', () => {
    expect(movePoint(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(movePoint(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(movePoint(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe(inspectionAccess.name, () => {
  it('lets a viewer look, an operator record, and an admin set the standard', () => {
    expect(inspectionAccess({ stations: 'viewer' })).toEqual({ canView: true, canEdit: false, canSetStandard: false });
    expect(inspectionAccess({ stations: 'operator' })).toEqual({ canView: true, canEdit: true, canSetStandard: false });
    expect(inspectionAccess({ stations: 'admin' })).toEqual({ canView: true, canEdit: true, canSetStandard: true });
    expect(inspectionAccess({ orgs: 'admin' })).toEqual({ canView: false, canEdit: false, canSetStandard: false });
  });
});
