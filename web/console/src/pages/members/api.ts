// The console's members API (docs/MEMBERS.md, "Console"): applications, the roll, a member's page,
// transfers, imports, review settings and statistics. Personal data arrives masked; the full values
// only through `reveal`, which the server audits.
import { client, pathWith } from '../../../../shared/api-client.ts';
import type { paths } from '../../../../shared/api-schema.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../shared/api-types.ts';
import { api, withQuery } from '../../../../shared/api.ts';
import type { MemberStatus, TransferStatus } from '../../../../shared/members.ts';
import type { Trade } from '../orgs/rules.ts';
import { readHead, uploadType } from '../../components/import/read-head.ts';
import type { ColumnMapping } from '../../components/import/rules.ts';

const M = '/api/console/members' as const;
const A = '/api/console/member-applications' as const;
const S = '/api/console/member-settings' as const;
const T = '/api/console/member-transfers' as const;
const I = '/api/console/member-imports' as const;
type Get<P extends keyof paths> = ApiResponse<P, 'get'>;

export type Application = Get<'/api/console/member-applications/{applicationId}'>;
export type ApplicationStatus = Application['status'];
export type Gender = NonNullable<Application['gender']>;
export type DuplicateCandidate = Application['duplicateOf'][number];
export type ApplicationPage = Get<'/api/console/member-applications'>;
export type ApplicationCounts = ApplicationPage['counts'];
export type BulkApproveResult = ApiResponse<'/api/console/member-applications/bulk-approve', 'post'>;

export type MemberDetail = Get<'/api/console/members/{memberId}'>;
export type Member = MemberDetail['member'];
export type MemberEvent = MemberDetail['timeline'][number];
export type MemberPage = Get<'/api/console/members'>;
/** A line of the roll: the masked name only; the member's page has the other masked fields. */
export type RollItem = MemberPage['items'][number];
export type MemberSort = NonNullable<ApiQuery<'/api/console/members', 'get'>['sort']>;
export type RevealedPerson = ApiResponse<'/api/console/members/{memberId}/reveal', 'post'>;
export type StatusAction = ApiBody<'/api/console/members/{memberId}/status', 'post'>['action'];

/** A transfer as the server sends it (generated from its OpenAPI document: the copy written here had
 * drifted — it read `nameMasked`, the server sends `memberNameMasked`, and the name never showed). */
/** A transfer of the console's list, with what the asking staff member may do to it. */
export type Transfer = Get<'/api/console/member-transfers'>['items'][number];
/** A transfer as a member's page lists it. */
export type MemberTransfer = MemberDetail['transfers'][number];
export type TransferDirection = NonNullable<ApiQuery<'/api/console/member-transfers', 'get'>['direction']>;

export type MemberImport = Get<'/api/console/member-imports/{importId}'>;
export type ImportStatus = MemberImport['status'];
export type ImportMode = MemberImport['mode'];
export type TextEncoding = NonNullable<MemberImport['encoding']>;

export type UnionSettings = Get<'/api/console/member-settings/{orgId}'>;
export type MembersStats = Get<'/api/console/members/stats'>;
export type StatsRow = MembersStats['node'];

// The choices the console offers, in its order; `satisfies` keeps them the server's values.
export {
  MEMBER_STATUSES,
  MEMBERSHIP_EVENT_KINDS as EVENT_KINDS,
  PLACEMENT_RULES,
  TRANSFER_STATUSES,
  type MembershipEventKind as EventKind,
  type MemberStatus,
  type PlacementRule,
  type TransferStatus,
} from '../../../../shared/members.ts';
export const APPLICATION_STATUSES = [
  'pending',
  'held_duplicate',
  'approved',
  'rejected',
  'withdrawn',
] as const satisfies readonly ApplicationStatus[];
export const IMPORT_STATUSES = [
  'queued',
  'validating',
  'writing',
  'completed',
  'rejected',
  'failed',
] as const satisfies readonly ImportStatus[];

export type DuplicateReason = 'phone' | 'name_birth_city';

export interface ApplicationQuery {
  status?: ApplicationStatus | undefined;
  orgId?: string | undefined;
  overdue?: boolean | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface MemberQuery {
  orgId?: string | undefined;
  /** Only the union itself, not its subtree. */
  orgOnly?: boolean | undefined;
  trade?: Trade | undefined;
  status?: MemberStatus | undefined;
  newForm?: boolean | undefined;
  joinedFrom?: string | undefined;
  joinedTo?: string | undefined;
  q?: string | undefined;
  sort?: MemberSort | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export const IMPORT_FIELDS = [
  'name',
  'idNumber',
  'phone',
  'trade',
  'workRegionCode',
  'employerName',
  'employerUscc',
  'workAddress',
  'union',
  'joinedAt',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** Field → the file's header that fills it. */
export type ImportMapping = ColumnMapping<ImportField>;

/** The mapping step's view of a file: what the server read of its first rows, and the mapping it offers. */
export type ImportPreview = ApiResponse<'/api/console/member-imports/preview', 'post'>;

export interface ImportStartOptions {
  mapping: ImportMapping;
  /** A township or county for the rows without a street code of their own. */
  workRegionCode?: string | undefined;
}

/** The roll's filters as query parameters (shared by the list and the export; the export has no order). */
export function memberFilterQuery(query: MemberQuery) {
  return {
    orgId: query.orgId,
    orgOnly: query.orgId && query.orgOnly ? 'true' : undefined,
    trade: query.trade,
    status: query.status,
    newForm: query.newForm === undefined ? undefined : String(query.newForm),
    joinedFrom: query.joinedFrom,
    joinedTo: query.joinedTo,
    q: query.q,
  };
}

export const membersApi = {
  // Applications.
  applications: (query: ApplicationQuery) => client.get(A, { query: { limit: 50, ...query, overdue: query.overdue ? 'true' : undefined } }),
  application: (applicationId: string) => client.get(`${A}/{applicationId}`, { params: { applicationId } }),
  approve: (applicationId: string, reason: string | null) =>
    client.post(`${A}/{applicationId}/approve`, { params: { applicationId }, body: reason ? { reason } : {} }),
  reject: (applicationId: string, reason: string) =>
    client.post(`${A}/{applicationId}/reject`, { params: { applicationId }, body: { reason } }),
  replace: (applicationId: string, orgId: string, reason: string) =>
    client.post(`${A}/{applicationId}/replace`, { params: { applicationId }, body: { orgId, reason } }),
  merge: (applicationId: string, memberId: string, reason: string) =>
    client.post(`${A}/{applicationId}/merge`, { params: { applicationId }, body: { memberId, reason } }),
  override: (applicationId: string, reason: string) =>
    client.post(`${A}/{applicationId}/override`, { params: { applicationId }, body: { reason } }),
  bulkApprove: (ids: string[], reason: string | null) => client.post(`${A}/bulk-approve`, { body: reason ? { ids, reason } : { ids } }),

  // Settings.
  settings: (orgId: string) => client.get(`${S}/{orgId}`, { params: { orgId } }),
  saveSettings: (orgId: string, body: ApiBody<'/api/console/member-settings/{orgId}', 'put'>) =>
    client.put(`${S}/{orgId}`, { params: { orgId }, body }),

  // The roll.
  list: (query: MemberQuery) =>
    client.get(M, { query: { ...memberFilterQuery(query), sort: query.sort, cursor: query.cursor, limit: query.limit ?? 50 } }),
  get: (memberId: string) => client.get(`${M}/{memberId}`, { params: { memberId } }),
  reveal: (memberId: string, reason: string) => client.post(`${M}/{memberId}/reveal`, { params: { memberId }, body: { reason } }),
  changeStatus: (memberId: string, action: StatusAction, reason: string) =>
    client.post(`${M}/{memberId}/status`, { params: { memberId }, body: { action, reason } }),
  startTransfer: (memberId: string, toOrgId: string, reason: string) =>
    client.post(`${M}/{memberId}/transfers`, { params: { memberId }, body: { toOrgId, reason } }),
  exportUrl: (query: MemberQuery, reason: string) => withQuery(`${M}/export.xlsx`, { ...memberFilterQuery(query), reason }),

  // Transfers.
  transfers: (direction: TransferDirection, status?: TransferStatus) =>
    client.get(T, { query: { direction, ...(status ? { status } : {}) } }),
  acceptTransfer: (transferId: string, reason: string | null) =>
    client.post(`${T}/{transferId}/accept`, { params: { transferId }, body: reason ? { reason } : {} }),
  releaseTransfer: (transferId: string, reason: string | null) =>
    client.post(`${T}/{transferId}/release`, { params: { transferId }, body: reason ? { reason } : {} }),
  rejectTransfer: (transferId: string, reason: string) =>
    client.post(`${T}/{transferId}/reject`, { params: { transferId }, body: { reason } }),

  // Imports: the body is the file itself, so these go through the untyped upload, their answers typed.
  previewImport: (file: File) => {
    const head = readHead(file);
    return api.upload<ImportPreview>(`${I}/preview`, head.body, head.contentType, { truncated: String(head.truncated) });
  },
  startImport: (file: File, mode: ImportMode, options: ImportStartOptions) =>
    api.upload<ApiResponse<'/api/console/member-imports', 'post'>>(I, file, uploadType(file), {
      mode,
      fileName: file.name,
      mapping: JSON.stringify(options.mapping),
      workRegionCode: options.workRegionCode,
    }),
  /** The latest imports, and the largest file the server takes. */
  imports: () => client.get(I),
  import: (importId: string) => client.get(`${I}/{importId}`, { params: { importId } }),
  importErrorsUrl: (importId: string) => pathWith(`${I}/{importId}/errors.csv`, { importId }),

  // Statistics.
  stats: (orgId?: string) => client.get(`${M}/stats`, orgId ? { query: { orgId } } : {}),
};
