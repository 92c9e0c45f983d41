// The console's hardship API (src/modules/hardship/routes): the files of the staff member's subtree,
// a file registered after a home visit, its steps (visit, review, notice, objections, approval,
// rejection) and each union's threshold. Every type is the server's, generated from its OpenAPI
// document; money is integer fen, days are 'YYYY-MM-DD' (Asia/Shanghai).
import { client } from '../../../../shared/api-client.ts';
import { api, type UploadOptions } from '../../../../shared/api.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../shared/api-types.ts';

const F = '/api/console/hardship-files' as const;
const FILE = '/api/console/hardship-files/{fileId}' as const;

export type FilePage = ApiResponse<'/api/console/hardship-files', 'get'>;
export type FileSummary = FilePage['items'][number];
export type FileStatus = FileSummary['status'];
export type HardshipCategory = NonNullable<FileSummary['category']>;
export type FileQuery = ApiQuery<'/api/console/hardship-files', 'get'>;
/** What the list's filters choose. */
export type FileFilters = Pick<FileQuery, 'orgId' | 'status' | 'category' | 'review'>;

export type FileBody = ApiBody<'/api/console/hardship-files', 'post'>;
export type HouseholdMemberBody = FileBody['members'][number];
export type Relation = HouseholdMemberBody['relation'];
export type Health = HouseholdMemberBody['health'];
export type Schooling = HouseholdMemberBody['schooling'];

export type FileDetail = ApiResponse<'/api/console/hardship-files/{fileId}', 'get'>;
export type FileStep = FileDetail['steps'][number];
export type ExplanationLine = FileDetail['household']['explanation'][number];

export type VisitBody = ApiBody<'/api/console/hardship-files/{fileId}/visit', 'post'>;
export type ReviewBody = ApiBody<'/api/console/hardship-files/{fileId}/review', 'post'>;
export type ObjectionBody = ApiBody<'/api/console/hardship-files/{fileId}/objections', 'post'>;
export type PeriodicReviewBody = ApiBody<'/api/console/hardship-files/{fileId}/periodic-review', 'post'>;
export type ResolveBody = ApiBody<'/api/console/hardship-files/{fileId}/objections/{objectionId}/resolve', 'post'>;

export type EvidenceList = ApiResponse<'/api/console/hardship-files/{fileId}/evidence', 'get'>;
export type Evidence = EvidenceList['items'][number];
export type EvidenceKind = Evidence['kind'];
export type EvidenceUploadQuery = ApiQuery<'/api/console/hardship-files/{fileId}/evidence', 'post'>;

// The body of an upload is the file itself, typed by the server from its bytes: always sent as
// application/octet-stream, whatever the browser thinks the file is (as the stations' photos are).
const OCTETS = 'application/octet-stream';

export type FilesOverview = ApiResponse<'/api/console/hardship-overview', 'get'>;
export type ReviewNotice = ApiResponse<'/api/console/hardship-review-notices', 'get'>[number];

export type Settings = NonNullable<ApiResponse<'/api/console/hardship-settings/{orgId}', 'get'>>;
export type SettingsBody = ApiBody<'/api/console/hardship-settings/{orgId}', 'put'>;

export const hardshipApi = {
  /** A page of the subtree's files (or a union's and those under it), newest first; `cursor` is the page before's `nextCursor`. */
  list: (filters: FileFilters, cursor: string | undefined, limit = 50) =>
    client.get(F, { query: { ...filters, limit, ...(cursor ? { cursor } : {}) } }),
  create: (body: FileBody) => client.post(F, { body }),
  get: (fileId: string) => client.get(FILE, { params: { fileId } }),
  visit: (fileId: string, body: VisitBody) => client.post(`${FILE}/visit`, { params: { fileId }, body }),
  review: (fileId: string, body: ReviewBody) => client.post(`${FILE}/review`, { params: { fileId }, body }),
  publishNotice: (fileId: string) => client.post(`${FILE}/notice`, { params: { fileId }, body: {} }),
  raiseObjection: (fileId: string, body: ObjectionBody) => client.post(`${FILE}/objections`, { params: { fileId }, body }),
  resolveObjection: (fileId: string, objectionId: string, body: ResolveBody) =>
    client.post(`${FILE}/objections/{objectionId}/resolve`, { params: { fileId, objectionId }, body }),
  approve: (fileId: string) => client.post(`${FILE}/approve`, { params: { fileId }, body: {} }),
  periodicReview: (fileId: string, body: PeriodicReviewBody) => client.post(`${FILE}/periodic-review`, { params: { fileId }, body }),
  reject: (fileId: string, reason: string) => client.post(`${FILE}/reject`, { params: { fileId }, body: { reason } }),
  evidence: (fileId: string) => client.get(`${FILE}/evidence`, { params: { fileId } }),
  uploadEvidence: (fileId: string, file: Blob, query: EvidenceUploadQuery, options: UploadOptions = {}) =>
    api.upload<Evidence>(`${F}/${encodeURIComponent(fileId)}/evidence`, file, OCTETS, query, options),
  /** The subtree's counts: found and exited this year, on file, in process, reviews due and overdue. */
  overview: () => client.get('/api/console/hardship-overview'),
  /** The review lists (复核提醒) of the subtree's unions, brought up to date daily by the job. */
  reviewNotices: () => client.get('/api/console/hardship-review-notices'),
  /** The threshold that applies at a union: its own, or the nearest union's above (`orgId` says whose); null when none is set. */
  settings: (orgId: string) => client.get('/api/console/hardship-settings/{orgId}', { params: { orgId } }),
  setSettings: (orgId: string, body: SettingsBody) => client.put('/api/console/hardship-settings/{orgId}', { params: { orgId }, body }),
};
