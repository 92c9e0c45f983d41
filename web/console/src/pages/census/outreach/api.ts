// The console's outreach API (src/modules/census/routes/people.ts): the census's people not yet
// members (发展名单), masked; one person's sources, contacts and invitations; contacts, assignment,
// probable matches, SMS invitations and their campaigns, and the audited export. Every type is the
// server's, generated from its OpenAPI document.
import { client } from '../../../../../shared/api-client.ts';
import type { paths } from '../../../../../shared/api-schema.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../../shared/api-types.ts';
import { withQuery } from '../../../../../shared/api.ts';
import type { Trade } from '../../../../../shared/trades.ts';

const P = '/api/console/census/people' as const;
const I = '/api/console/census/invitations' as const;
type Get<K extends keyof paths> = ApiResponse<K, 'get'>;

export type PersonPage = Get<'/api/console/census/people'>;
/** A line of the list: masked name, phone and 身份证号, the work place and where outreach stands. */
export type Person = PersonPage['items'][number];
export type PersonDetail = Get<'/api/console/census/people/{personId}'>;
export type PersonSource = PersonDetail['sources'][number];
export type PersonContact = PersonDetail['contacts'][number];
export type PersonInvitation = PersonDetail['invitations'][number];
export type PersonMatch = NonNullable<Person['match']>;
export type OutreachStatus = Person['outreach'];
export type ContactOutcome = ApiBody<'/api/console/census/people/{personId}/contacts', 'post'>['outcome'];
export type Coverage = NonNullable<ApiQuery<'/api/console/census/people', 'get'>['coverage']>;
export type InvitationResult = ApiResponse<'/api/console/census/invitations', 'post'>;
export type InvitationCampaign = Get<'/api/console/census/invitations/campaigns'>['items'][number];
export type InvitedPerson = InvitationResult['invited'][number];
export type SkippedPerson = InvitationResult['skippedPeople'][number];
export type SkipReason = SkippedPerson['reason'];
/** A staff member people can be assigned to: of the subtree, active, with a census role. */
export type StaffOption = Get<'/api/console/census/assignable-staff'>['items'][number];

// The choices the console offers, in its order; `satisfies` keeps them the server's values.
export const COVERAGES = ['not_members', 'probable', 'members', 'all'] as const satisfies readonly Coverage[];
export const OUTREACH_STATUSES = ['new', 'contacted', 'joined', 'refused', 'unreachable'] as const satisfies readonly OutreachStatus[];
export const CONTACT_OUTCOMES = ['contacted', 'joined', 'refused', 'unreachable'] as const satisfies readonly ContactOutcome[];
export const SKIP_REASONS = ['member', 'noPhone', 'recent'] as const satisfies readonly SkipReason[];
/** Whose people: everyone's, the signed-in staff member's, nobody's yet. */
export const ASSIGNED_FILTERS = ['all', 'me', 'none'] as const;
export type AssignedFilter = (typeof ASSIGNED_FILTERS)[number];

/** The server takes at most this many people in one assignment or one sending of invitations. */
export const PEOPLE_AT_ONCE = 500;

export interface OutreachFilter {
  /** A province, city, county or township code within the staff member's area (their own when absent). */
  region?: string | undefined;
  trade?: Trade | undefined;
  coverage: Coverage;
  outreach?: OutreachStatus | undefined;
  assigned: AssignedFilter;
}

/** The filter as query parameters (shared by the list and the export). */
export function outreachQuery(filter: OutreachFilter) {
  return {
    region: filter.region,
    trade: filter.trade,
    coverage: filter.coverage,
    outreach: filter.outreach,
    assigned: filter.assigned === 'all' ? undefined : filter.assigned,
  };
}

export const outreachApi = {
  /** A page of the list, newest first; `cursor` is the page before's `nextCursor`. */
  list: (filter: OutreachFilter, cursor: string | undefined, limit = 50) =>
    client.get(P, { query: { ...outreachQuery(filter), limit, ...(cursor ? { cursor } : {}) } }),
  get: (personId: string) => client.get(`${P}/{personId}`, { params: { personId } }),
  recordContact: (personId: string, outcome: ContactOutcome, note: string | undefined) =>
    client.post(`${P}/{personId}/contacts`, { params: { personId }, body: note ? { outcome, note } : { outcome } }),
  confirmMatch: (personId: string) => client.post(`${P}/{personId}/match/confirm`, { params: { personId }, body: {} }),
  rejectMatch: (personId: string) => client.post(`${P}/{personId}/match/reject`, { params: { personId }, body: {} }),
  /** Assigns people to a staff member, or (null) to nobody. */
  assign: (personIds: string[], staffId: string | null) => client.post(`${P}/assign`, { body: { personIds, staffId } }),
  /** The masked workbook of the filter; a plain download link (the server audits the reason). */
  exportUrl: (filter: OutreachFilter, reason: string) => withQuery(`${P}/export.xlsx`, { ...outreachQuery(filter), reason }),

  invite: (personIds: string[], campaign: string) => client.post(I, { body: { personIds, campaign } }),
  campaigns: () => client.get(`${I}/campaigns`),

  /** Staff of the subtree to assign people to (the census operator's own route: no staff-module role needed). */
  staff: (q: string | undefined) => client.get('/api/console/census/assignable-staff', { query: q ? { q } : {} }),
};
