// The members API's request and response schemas (zod): the same schema types the handler and writes the OpenAPI document.
import { z } from 'zod';
import { Day, IdParams } from '../../../platform/http/zod.js';
import { TEXT_ENCODINGS } from '../../../platform/files/table.js';
import { TRADES } from '#modules/orgs';
import { APPLICATION_STATUSES, MEMBER_STATUSES } from '../rules.js';

export const Trade = z.enum(TRADES);
export const RegionCode9 = z
  .string()
  .trim()
  .regex(/^\d{9}$/);
export const Uscc = z.string().trim().max(18);
export const PLACEMENT_RULES = ['employer_union', 'industry_federation', 'township_union', 'community_union', 'county_union'] as const;

export const MaskedPerson = {
  nameMasked: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  workAddressMasked: z.string().nullable(),
};

export const ApplicationFields = {
  id: z.string(),
  ...MaskedPerson,
  gender: z.enum(['male', 'female']).nullable(),
  birthDate: z.string().nullable(),
  trade: Trade,
  employerName: z.string().nullable(),
  employerUscc: z.string().nullable(),
  workRegionCode: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  placementRule: z.enum(PLACEMENT_RULES),
  matchedRegionCode: z.string(),
  replacedBy: z.string().nullable(),
  replacementReason: z.string().nullable(),
  submittedAt: z.date(),
  reviewDueAt: z.date(),
  overdue: z.boolean(),
  reminders: z.number(),
  decidedAt: z.date().nullable(),
  decidedByName: z.string().nullable(),
  decisionReason: z.string().nullable(),
  memberId: z.string().nullable(),
};

// The console's view: probable duplicates named inside the reviewer's scope, only counted outside it.
export const ApplicationResponse = z.object({
  ...ApplicationFields,
  status: z.enum(APPLICATION_STATUSES),
  duplicateOf: z.array(
    z.object({
      memberId: z.string(),
      memberNo: z.string(),
      nameMasked: z.string().nullable(),
      orgName: z.string(),
      reasons: z.array(z.string()),
    }),
  ),
  duplicatesElsewhere: z.number(),
});

// The applicant's view: a duplicate hold is an ordinary wait for review, and nothing of the other person.
export const OwnApplicationResponse = z.object({
  ...ApplicationFields,
  status: z.enum(APPLICATION_STATUSES).exclude(['held_duplicate']),
});

// A line of a member's history: the worker sees this much; the console adds who acted.
export const HistoryEntryResponse = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.date(),
  fromOrgName: z.string().nullable(),
  toOrgName: z.string().nullable(),
  reason: z.string().nullable(),
});

export const MemberResponse = z.object({
  id: z.string(),
  memberNo: z.string(),
  status: z.enum(MEMBER_STATUSES),
  orgId: z.string(),
  orgName: z.string(),
  ...MaskedPerson,
  gender: z.enum(['male', 'female']).nullable(),
  birthDate: z.string().nullable(),
  trade: Trade,
  newForm: z.boolean(),
  employerName: z.string().nullable(),
  employerUscc: z.string().nullable(),
  workRegionCode: z.string(),
  joinedAt: z.date(),
  source: z.enum(['online', 'import', 'seed']),
  statusReason: z.string().nullable(),
  statusChangedAt: z.date().nullable(),
  hasAccount: z.boolean(),
  purged: z.boolean(),
});

export const TransferResponse = z.object({
  id: z.string(),
  memberId: z.string(),
  memberNo: z.string(),
  memberNameMasked: z.string().nullable(),
  status: z.enum(['proposed', 'requested', 'completed', 'rejected', 'cancelled']),
  initiatedBy: z.enum(['member', 'system', 'staff']),
  placementRule: z.enum(PLACEMENT_RULES).nullable(),
  fromOrgId: z.string(),
  fromOrgName: z.string(),
  toOrgId: z.string(),
  toOrgName: z.string(),
  reason: z.string().nullable(),
  acceptedAt: z.date().nullable(),
  releasedAt: z.date().nullable(),
  decidedAt: z.date().nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.date(),
});

// The console's transfer lists: each row says which decisions the asking staff may take on it now.
export const ListedTransferResponse = TransferResponse.extend({
  canAccept: z.boolean(),
  canRelease: z.boolean(),
  canReject: z.boolean(),
});

// An employer with its own union, for the join form: the employer's name for the form's field, the
// union the worker would join.
export const EmployerUnionResponse = z.object({
  orgId: z.string(),
  unionName: z.string(),
  employerName: z.string(),
  uscc: z.string(),
});

export const PlacementResponse = z.object({
  orgId: z.string(),
  orgName: z.string(),
  rule: z.enum(PLACEMENT_RULES),
  matchedRegionCode: z.string(),
});

export const WorkBody = {
  trade: Trade,
  workRegionCode: RegionCode9,
  workAddress: z.string().trim().max(200).nullish(),
  employerName: z.string().trim().max(100).nullish(),
  employerUscc: Uscc.nullish(),
};

export const SettingsResponse = z.object({ orgId: z.string(), autoApprove: z.boolean(), reviewSlaHours: z.number() });

export const StatsRow = z.object({
  orgId: z.string(),
  orgName: z.string(),
  kind: z.string(),
  members: z.number(),
  newFormMembers: z.number(),
  joinsThisMonth: z.number(),
  joinsThisYear: z.number(),
  pendingApplications: z.number(),
});

export const RollQuery = z.strictObject({
  orgId: z.uuid().optional(),
  orgOnly: z.stringbool().optional(),
  trade: Trade.optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
  newForm: z.stringbool().optional(),
  joinedFrom: Day.optional(),
  joinedTo: Day.optional(),
  q: z.string().trim().max(30).optional(),
});

export const IMPORT_TYPES = {
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
} as const;

export const ImportResponse = z.object({
  id: z.string(),
  orgId: z.string(),
  staffName: z.string().nullable(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  mode: z.enum(['all_or_nothing', 'valid_rows']),
  status: z.enum(['queued', 'validating', 'writing', 'completed', 'rejected', 'failed']),
  progress: z.number(),
  totalRows: z.number(),
  processedRows: z.number(),
  writtenRows: z.number(),
  duplicateRows: z.number(),
  fileDuplicateRows: z.number(),
  errorRows: z.number(),
  warningRows: z.number(),
  encoding: z.enum(TEXT_ENCODINGS).nullable(),
  failure: z.string().nullable(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
});

export const MemberParams = IdParams('memberId');
export const ApplicationParams = IdParams('applicationId');
export const OrgParams = IdParams('orgId');
