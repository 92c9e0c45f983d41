// The console's side of the uniform standard: what it shows while an inspection is filled in (the
// conclusion the server will reach, which notes it will want), the body it sends, and the editing of a
// union's checklist. Pure: no I/O, no React. The server decides; these only say it beforehand.
import { roleAtLeast, type Roles } from '../../../access.ts';
import type { Conclusion, InspectionBody, ResultKind, StandardItem } from './api.ts';

/** What the staff member may do here: look (viewer), record and upload (operator), set the standard (admin). */
export function inspectionAccess(roles: Roles): { canView: boolean; canEdit: boolean; canSetStandard: boolean } {
  return {
    canView: roleAtLeast(roles.stations, 'viewer'),
    canEdit: roleAtLeast(roles.stations, 'operator'),
    canSetStandard: roleAtLeast(roles.stations, 'admin'),
  };
}

export interface AnswerDraft {
  result: ResultKind | null;
  note: string;
}
export type AnswerDrafts = Record<string, AnswerDraft>;

export function emptyAnswers(items: readonly StandardItem[]): AnswerDrafts {
  return Object.fromEntries(items.map((item) => [item.code, { result: null, note: '' }]));
}

/** Every point passed at once (the usual visit), keeping any notes already written. */
export function allPass(items: readonly StandardItem[], drafts: AnswerDrafts): AnswerDrafts {
  return Object.fromEntries(items.map((item) => [item.code, { result: 'pass' as const, note: drafts[item.code]?.note ?? '' }]));
}

/** Whether a point's answer needs a note: a failure says what is wrong; a required point skipped says why. */
export function noteRequired(item: StandardItem, draft: AnswerDraft | undefined): boolean {
  if (!draft) return false;
  return draft.result === 'fail' || (draft.result === 'not_applicable' && item.required);
}

export interface InspectionPreview {
  conclusion: Conclusion;
  failedRequired: number;
  unanswered: number;
  /** Points whose answer wants a note it lacks. */
  missingNotes: number;
}

/** The conclusion as the server will reach it (any required point failed → rectify), and what is still missing. */
export function previewInspection(items: readonly StandardItem[], drafts: AnswerDrafts): InspectionPreview {
  let failedRequired = 0;
  let unanswered = 0;
  let missingNotes = 0;
  for (const item of items) {
    const draft = drafts[item.code];
    if (!draft?.result) unanswered++;
    if (item.required && draft?.result === 'fail') failedRequired++;
    if (noteRequired(item, draft) && !draft?.note.trim()) missingNotes++;
  }
  return { conclusion: failedRequired > 0 ? 'rectify' : 'meets', failedRequired, unanswered, missingNotes };
}

export interface InspectionDraft {
  visitedOn: string;
  answers: AnswerDrafts;
  note: string;
  rectifyBy: string | null;
}

/** The body sent: every answered point in the standard's order, rectifyBy only when it is needed. */
export function toInspectionBody(items: readonly StandardItem[], draft: InspectionDraft): InspectionBody {
  const results = items.flatMap((item) => {
    const answer = draft.answers[item.code];
    if (!answer?.result) return [];
    const note = answer.note.trim();
    return [{ code: item.code, result: answer.result, ...(note ? { note } : {}) }];
  });
  const rectify = previewInspection(items, draft.answers).conclusion === 'rectify';
  return {
    visitedOn: draft.visitedOn,
    results,
    ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
    ...(rectify && draft.rectifyBy ? { rectifyBy: draft.rectifyBy } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Editing a union's checklist.

/** A code for a new point that no point has yet: item_1, item_2, … */
export function newPointCode(items: readonly Pick<StandardItem, 'code'>[]): string {
  const taken = new Set(items.map((item) => item.code));
  let n = items.length + 1;
  while (taken.has(`item_${n}`)) n++;
  return `item_${n}`;
}

/** The list with the point at `index` moved one place up (-1) or down (1); unchanged at either end. */
export function movePoint<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [moved] = next.splice(index, 1);
  next.splice(to, 0, moved as T);
  return next;
}
