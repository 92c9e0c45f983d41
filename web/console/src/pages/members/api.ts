// The console's members API (docs/MEMBERS.md, "Console"): applications, the roll, a member's page,
// transfers, imports, review settings and statistics. Personal data arrives masked; the full values
// only through `reveal`, which the server audits.
import type { ApiResponse } from '../../../../shared/api-types.ts';
import { api, request, withQuery } from '../../../../shared/api.ts';
import type { Trade } from '../orgs/rules.ts';

export const APPLICATION_STATUSES = ['pending', 'held_duplicate', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const MEMBER_STATUSES = ['active', 'suspended', 'left', 'deceased'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const PLACEMENT_RULES = ['employer_union', 'industry_federation', 'township_union', 'community_union', 'county_union'] as const;
export type PlacementRule = (typeof PLACEMENT_RULES)[number];

export const EVENT_KINDS = [
  'joined',
  'rejoined',
  'imported',
  'account_linked',
  'merged',
  'transferred',
  'suspended',
  'reinstated',
  'left',
  'deceased',
  'work_changed',
  'purged',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const TRANSFER_STATUSES = ['proposed', 'requested', 'completed', 'rejected', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const IMPORT_STATUSES = ['queued', 'validating', 'writing', 'completed', 'rejected', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export type StatusAction = 'suspend' | 'reinstate' | 'leave' | 'record_death';
export type Gender = 'male' | 'female';
export type DuplicateReason = 'phone' | 'name_birth_city';
export type ImportMode = 'all_or_nothing' | 'valid_rows';
export type TransferDirection = 'in' | 'out';

export interface MaskedPerson {
  nameMasked: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  workAddressMasked: string | null;
}

export interface DuplicateCandidate {
  memberId: string;
  memberNo: string;
  nameMasked: string | null;
  orgName: string;
  reasons: string[];
}

export interface Application extends MaskedPerson {
  id: string;
  status: ApplicationStatus;
  gender: Gender | null;
  birthDate: string | null;
  trade: Trade;
  employerName: string | null;
  employerUscc: string | null;
  workRegionCode: string;
  orgId: string;
  orgName: string;
  placementRule: PlacementRule;
  matchedRegionCode: string;
  replacedBy: string | null;
  replacementReason: string | null;
  /** Probable duplicates inside the viewer's scope, named. */
  duplicateOf: DuplicateCandidate[];
  /** Probable duplicates in unions outside the viewer's scope: the server only counts them. */
  duplicatesElsewhere: number;
  submittedAt: string;
  reviewDueAt: string;
  overdue: boolean;
  reminders: number;
  decidedAt: string | null;
  decidedByName: string | null;
  decisionReason: string | null;
  memberId: string | null;
}

export interface ApplicationCounts {
  pending: number;
  held_duplicate: number;
  overdue: number;
}

export interface ApplicationQuery {
  status?: ApplicationStatus | undefined;
  orgId?: string | undefined;
  overdue?: boolean | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface ApplicationPage {
  items: Application[];
  nextCursor: string | null;
  counts: ApplicationCounts;
}

export interface BulkApproveResult {
  approved: string[];
  failed: { id: string; code: string; message: string }[];
}

export interface Member extends MaskedPerson {
  id: string;
  memberNo: string;
  status: MemberStatus;
  orgId: string;
  orgName: string;
  gender: Gender | null;
  birthDate: string | null;
  trade: Trade;
  newForm: boolean;
  employerName: string | null;
  employerUscc: string | null;
  workRegionCode: string;
  joinedAt: string;
  source: 'online' | 'import' | 'seed';
  statusReason: string | null;
  statusChangedAt: string | null;
  /** Whether the member has signed in to the H5 (an imported member has not, until they do). */
  hasAccount: boolean;
  /** Personal fields purged after the retention period. */
  purged: boolean;
}

/** A line of the roll: the masked name only; the member's page has the other masked fields. */
export type RollItem = Omit<Member, 'idNumberMasked' | 'phoneMasked' | 'workAddressMasked'>;

export type MemberSort = 'joined_desc' | 'joined_asc';

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

export interface MemberPage {
  items: RollItem[];
  nextCursor: string | null;
  /** Counting stops at 10,000: then `totalCapped` is true and the console shows "10,000+". */
  total: number;
  totalCapped: boolean;
}

export interface MemberEvent {
  id: string;
  kind: EventKind;
  at: string;
  actorKind: string;
  actorName: string | null;
  fromOrgName: string | null;
  toOrgName: string | null;
  reason: string | null;
}

/** A transfer as the server sends it (generated from its OpenAPI document: the copy written here had
 * drifted — it read `nameMasked`, the server sends `memberNameMasked`, and the name never showed). */
export type Transfer = ApiResponse<'/api/console/members/transfers', 'get'>['items'][number];

export interface MemberDetail {
  member: Member;
  timeline: MemberEvent[];
  transfers: Transfer[];
}

export interface RevealedPerson {
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  workAddress: string | null;
}

export interface MemberImport {
  id: string;
  orgId: string;
  staffName: string | null;
  fileName: string;
  format: 'csv' | 'xlsx';
  mode: ImportMode;
  status: ImportStatus;
  /** 0–100 as the server measures it (the check pass by bytes read, the write pass by rows). */
  progress?: number;
  totalRows: number;
  processedRows: number;
  writtenRows: number;
  /** People already on the roll (已是会员). */
  duplicateRows: number;
  /** Repeats of an earlier row of the same file (文件内重复). */
  fileDuplicateRows: number;
  errorRows: number;
  /** Rows imported with something left out (a landline in the phone column). */
  warningRows: number;
  /** A CSV's detected text encoding; null for .xlsx. */
  encoding: TextEncoding | null;
  failure: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

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
export type ImportMapping = Partial<Record<ImportField, string>>;

/** The mapping step's view of a file: what the server read of its first rows, and the mapping it offers. */
export interface ImportPreview {
  encoding: TextEncoding | null;
  headers: string[];
  samples: string[][];
  mapping: ImportMapping;
  fields: { key: ImportField; label: string; required: boolean }[];
}

export interface ImportStartOptions {
  mapping: ImportMapping;
  /** A township or county for the rows without a street code of their own. */
  workRegionCode?: string | undefined;
}

/** The first bytes of a CSV are enough for a preview; an .xlsx is read whole (its index is at its end). */
export const PREVIEW_CSV_BYTES = 64 * 1024;

export interface UnionSettings {
  orgId: string;
  autoApprove: boolean;
  reviewSlaHours: number;
}

export interface StatsRow {
  orgId: string;
  orgName: string;
  kind: string;
  /** Members of the union's whole subtree (as are the other counts). */
  members: number;
  newFormMembers: number;
  joinsThisMonth: number;
  joinsThisYear: number;
  pendingApplications: number;
}

export interface MembersStats {
  node: StatsRow;
  children: StatsRow[];
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const isCsv = (file: File) => file.name.toLowerCase().endsWith('.csv');

const base = '/api/console/members';
const seg = encodeURIComponent;

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
  applications: (query: ApplicationQuery) =>
    api.get<ApplicationPage>(`${base}/applications`, {
      limit: 50,
      ...query,
      overdue: query.overdue ? 'true' : undefined,
    }),
  application: (id: string) => api.get<Application>(`${base}/applications/${seg(id)}`),
  approve: (id: string, reason: string | null) =>
    api.post<Application>(`${base}/applications/${seg(id)}/approve`, reason ? { reason } : {}),
  reject: (id: string, reason: string) => api.post<Application>(`${base}/applications/${seg(id)}/reject`, { reason }),
  replace: (id: string, orgId: string, reason: string) =>
    api.post<Application>(`${base}/applications/${seg(id)}/replace`, { orgId, reason }),
  merge: (id: string, memberId: string, reason: string) =>
    api.post<Application>(`${base}/applications/${seg(id)}/merge`, { memberId, reason }),
  override: (id: string, reason: string) => api.post<Application>(`${base}/applications/${seg(id)}/override`, { reason }),
  bulkApprove: (ids: string[], reason: string | null) =>
    api.post<BulkApproveResult>(`${base}/applications/bulk-approve`, reason ? { ids, reason } : { ids }),

  // Settings.
  settings: (orgId: string) => api.get<UnionSettings>(`${base}/settings/${seg(orgId)}`),
  saveSettings: (orgId: string, body: { autoApprove: boolean; reviewSlaHours: number }) =>
    request<UnionSettings>(`${base}/settings/${seg(orgId)}`, { method: 'PUT', body }),

  // The roll.
  list: (query: MemberQuery) =>
    api.get<MemberPage>(base, { ...memberFilterQuery(query), sort: query.sort, cursor: query.cursor, limit: query.limit ?? 50 }),
  get: (id: string) => api.get<MemberDetail>(`${base}/${seg(id)}`),
  reveal: (id: string, reason: string) => api.post<RevealedPerson>(`${base}/${seg(id)}/reveal`, { reason }),
  changeStatus: (id: string, action: StatusAction, reason: string) => api.post<Member>(`${base}/${seg(id)}/status`, { action, reason }),
  startTransfer: (id: string, toOrgId: string, reason: string) => api.post<Transfer>(`${base}/${seg(id)}/transfers`, { toOrgId, reason }),
  exportUrl: (query: MemberQuery, reason: string) => withQuery(`${base}/export.xlsx`, { ...memberFilterQuery(query), reason }),

  // Transfers.
  transfers: (direction: TransferDirection, status?: TransferStatus) =>
    api.get<{ items: Transfer[] }>(`${base}/transfers`, { direction, status }),
  acceptTransfer: (id: string, reason: string | null) =>
    api.post<Transfer>(`${base}/transfers/${seg(id)}/accept`, reason ? { reason } : {}),
  releaseTransfer: (id: string, reason: string | null) =>
    api.post<Transfer>(`${base}/transfers/${seg(id)}/release`, reason ? { reason } : {}),
  rejectTransfer: (id: string, reason: string) => api.post<Transfer>(`${base}/transfers/${seg(id)}/reject`, { reason }),

  // Imports.
  previewImport: (file: File) => {
    const csv = isCsv(file);
    const truncated = csv && file.size > PREVIEW_CSV_BYTES;
    return api.upload<ImportPreview>(
      `${base}/imports/preview`,
      truncated ? file.slice(0, PREVIEW_CSV_BYTES) : file,
      csv ? 'text/csv' : XLSX_TYPE,
      {
        truncated: String(truncated),
      },
    );
  },
  startImport: (file: File, mode: ImportMode, options: ImportStartOptions) =>
    api.upload<MemberImport>(`${base}/imports`, file, isCsv(file) ? 'text/csv' : XLSX_TYPE, {
      mode,
      fileName: file.name,
      mapping: JSON.stringify(options.mapping),
      workRegionCode: options.workRegionCode,
    }),
  /** The latest imports, and the largest file the server takes. */
  imports: () => api.get<{ items: MemberImport[]; limitBytes: number }>(`${base}/imports`),
  import: (id: string) => api.get<MemberImport>(`${base}/imports/${seg(id)}`),
  importErrorsUrl: (id: string) => `${base}/imports/${seg(id)}/errors.csv`,

  // Statistics.
  stats: (orgId?: string) => api.get<MembersStats>(`${base}/stats`, orgId ? { orgId } : undefined),
};
