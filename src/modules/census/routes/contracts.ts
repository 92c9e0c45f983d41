// The census API's shapes: one zod schema each for validation, types and the OpenAPI document.
import { z } from 'zod';
import { ROLES } from '../../../platform/access/access.js';
import { TEXT_ENCODINGS } from '../../../platform/files/table.js';
import { TRADES } from '#modules/orgs';
import { CENSUS_FIELDS } from '../rules.js';
import { CONTACT_OUTCOMES, LIST_STATUSES, OUTREACH_STATUSES, SOURCE_KINDS } from '../schema.js';
import { CensusMappingSchema, type SkipReason } from '../service/index.js';

export const LIST_TYPES = {
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
} as const;

export const SourceResponse = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  name: z.string(),
  kind: z.enum(SOURCE_KINDS),
  mapping: CensusMappingSchema,
});

export const SourceBody = z.strictObject({
  name: z.string().trim().min(2).max(60),
  kind: z.enum(SOURCE_KINDS),
  orgId: z.uuid().optional(),
});

/** Which list an upload makes (its source, area and trade): the upload's query, and the query for the list it would replace. */
export const ListTarget = {
  sourceId: z.uuid(),
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{6}(\d{3})?$/),
  trade: z.enum(TRADES).optional(),
};

export const ReplacedListResponse = z.object({
  replaced: z
    .object({
      id: z.uuid(),
      fileName: z.string(),
      finishedAt: z.date().nullable(),
      writtenRows: z.number(),
      staffName: z.string().nullable(),
    })
    .nullable(),
});

export const ListResponse = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  sourceId: z.uuid(),
  sourceName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  trade: z.enum(TRADES).nullable(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  mode: z.enum(['all_or_nothing', 'valid_rows']),
  status: z.enum(LIST_STATUSES),
  progress: z.number(),
  totalRows: z.number(),
  processedRows: z.number(),
  writtenRows: z.number(),
  errorRows: z.number(),
  fileDuplicateRows: z.number(),
  warningRows: z.number(),
  newPeople: z.number(),
  matchedPeople: z.number(),
  probablePeople: z.number(),
  encoding: z.enum(TEXT_ENCODINGS).nullable(),
  failure: z.string().nullable(),
  staffName: z.string().nullable(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  replacedAt: z.date().nullable(),
});

export const PreviewResponse = z.object({
  encoding: z.enum(TEXT_ENCODINGS).nullable(),
  headers: z.array(z.string()),
  samples: z.array(z.array(z.string())),
  mapping: CensusMappingSchema,
  fields: z.array(z.object({ key: z.enum(CENSUS_FIELDS.map((f) => f.key)), label: z.string(), required: z.boolean() })),
});

const Figures = {
  census: z.number(),
  members: z.number(),
  probable: z.number(),
  notYetMembers: z.number(),
  rate: z.number().nullable(),
  rollMembers: z.number(),
  newFormMembers: z.number(),
  joinedThisYear: z.number(),
  joinedNewFormThisYear: z.number(),
};
const Level = z.enum(['province', 'city', 'county', 'township']).nullable();
const Row = z.object({ key: z.string(), name: z.string(), level: Level, ...Figures });

export const CoverageResponse = z.object({
  area: z.object({ code: z.string(), name: z.string(), level: Level }),
  path: z.array(z.object({ code: z.string(), name: z.string() })),
  trade: z.enum(TRADES).nullable(),
  totals: z.object(Figures),
  children: z.array(Row),
  trades: z.array(Row),
  trend: z.array(
    z.object({
      month: z.string(),
      census: z.number(),
      members: z.number(),
      rate: z.number().nullable(),
      joined: z.number(),
      joinedNewForm: z.number(),
    }),
  ),
  formation: z.array(z.object({ mode: z.enum(['single', 'regional', 'industry']).nullable(), unions: z.number(), built: z.number() })),
  yearStart: z.string(),
});

export const RegionQuery = z
  .string()
  .trim()
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9})$/);

export const PersonResponse = z.object({
  id: z.uuid(),
  nameMasked: z.string(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  trade: z.enum(TRADES),
  regionCode: z.string(),
  regionName: z.string(),
  employerName: z.string().nullable(),
  match: z.enum(['id', 'probable', 'confirmed']).nullable(),
  isMember: z.boolean(),
  outreach: z.enum(OUTREACH_STATUSES),
  assignedStaffId: z.uuid().nullable(),
  assignedStaffName: z.string().nullable(),
  lastContactAt: z.date().nullable(),
  lastInvitedAt: z.date().nullable(),
  listCount: z.number(),
});

export const PersonPageResponse = z.object({
  items: z.array(PersonResponse),
  nextCursor: z.string().nullable(),
  /** At most PEOPLE_COUNT_CAP; `totalCapped` when the filter holds more (the console shows "10,000+"). */
  total: z.number(),
  totalCapped: z.boolean(),
});

export const AssignableStaffResponse = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      orgName: z.string(),
      role: z.enum(ROLES),
    }),
  ),
});

const SKIP_REASONS = ['member', 'noPhone', 'recent'] as const satisfies readonly SkipReason[];
const InvitedPersonResponse = z.object({ personId: z.uuid(), maskedName: z.string(), maskedPhone: z.string().nullable() });

export const InvitationResultResponse = z.object({
  sent: z.number(),
  skipped: z.object({ member: z.number(), noPhone: z.number(), recent: z.number() }),
  invited: z.array(InvitedPersonResponse),
  skippedPeople: z.array(InvitedPersonResponse.extend({ reason: z.enum(SKIP_REASONS) })),
});

export const PersonDetailResponse = PersonResponse.extend({
  member: z.object({ id: z.uuid(), memberNo: z.string(), status: z.string() }).nullable(),
  sources: z.array(
    z.object({
      listId: z.uuid(),
      sourceName: z.string(),
      fileName: z.string(),
      row: z.number(),
      startedAt: z.date(),
      counted: z.boolean(),
    }),
  ),
  contacts: z.array(
    z.object({
      id: z.uuid(),
      outcome: z.enum(CONTACT_OUTCOMES),
      note: z.string().nullable(),
      staffName: z.string().nullable(),
      at: z.date(),
    }),
  ),
  invitations: z.array(
    z.object({
      id: z.uuid(),
      campaign: z.string(),
      sentAt: z.date(),
      openedAt: z.date().nullable(),
      joinedAt: z.date().nullable(),
      staffName: z.string().nullable(),
    }),
  ),
});

export const TargetNodeResponse = z.object({
  orgId: z.uuid(),
  orgName: z.string(),
  kind: z.string(),
  target: z.number().nullable(),
  joined: z.number(),
  progress: z.number().nullable(),
  hasChildren: z.boolean(),
});

export const TargetReportResponse = z.object({
  year: z.number(),
  trade: z.enum(TRADES).nullable(),
  node: TargetNodeResponse,
  children: z.array(TargetNodeResponse),
  unassigned: z.number().nullable(),
});

export const InvitationPrefillResponse = z.object({
  name: z.string(),
  trade: z.enum(TRADES),
  workRegionCode: z.string(),
  workRegionName: z.string(),
  employerName: z.string().nullable(),
  union: z.string(),
  campaign: z.string(),
});
