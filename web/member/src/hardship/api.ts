// The hardship pages' calls (困难帮扶): apply for a file (建档立卡), follow one's own files, and post needs
// (诉求) to the union keeping one's file and follow them to an answer. Dates arrive as ISO strings.
import { client } from '../../../shared/api-client.ts';
import { api, type UploadOptions } from '../../../shared/api.ts';
import type { ApiBody, ApiResponse } from '../../../shared/api-types.ts';

export type HardshipApplication = ApiBody<'/api/member/hardship-files', 'post'>;
export type AppliedFile = ApiResponse<'/api/member/hardship-files', 'post'>;
export type OwnHardshipFile = ApiResponse<'/api/member/hardship-files', 'get'>['items'][number];
export type OwnHardshipStep = OwnHardshipFile['steps'][number];
export type HardshipStatus = OwnHardshipFile['status'];
export type HardshipCategory = NonNullable<OwnHardshipFile['category']>;
export type HouseholdMemberBody = HardshipApplication['members'][number];
export type CauseBody = HardshipApplication['causes'][number];
export type OwnEvidence = OwnHardshipFile['evidence'][number];
export type UploadedEvidence = ApiResponse<'/api/member/hardship-files/{fileId}/evidence', 'post'>;

// The body is the file itself, typed by the server from its bytes (a phone's album may call a HEIC a
// .jpg): always application/octet-stream, as the console's uploads send it.
const OCTETS = 'application/octet-stream';

export type OwnNeed = ApiResponse<'/api/member/hardship-needs', 'get'>['items'][number];
export type NeedStatus = OwnNeed['status'];

export const hardshipApi = {
  apply: (body: HardshipApplication) => client.post('/api/member/hardship-files', { body }),
  files: (signal?: AbortSignal) => client.get('/api/member/hardship-files', signal ? { signal } : {}),
  /** A certificate (a photo or a PDF) for the worker's own file, while it is still being decided. */
  uploadEvidence: (fileId: string, file: Blob, fileName: string, options: UploadOptions = {}) =>
    api.upload<UploadedEvidence>(
      `/api/member/hardship-files/${encodeURIComponent(fileId)}/evidence`,
      file,
      OCTETS,
      { kind: 'certificate', fileName: fileName.slice(0, 200) || undefined },
      options,
    ),
  /** The worker's needs and their answers, the newest first. */
  needs: (signal?: AbortSignal) => client.get('/api/member/hardship-needs', signal ? { signal } : {}),
  /** Sends a need to the union keeping the worker's newest open file (the server picks it). */
  postNeed: (content: string) => client.post('/api/member/hardship-needs', { body: { content } }),
};
