// The member H5's membership calls (docs/MEMBERS.md, "Member H5"). Dates arrive as ISO strings.
import { api } from '../../../shared/api.ts';
import type { Trade } from './rules.ts';

// The applicant's view: a hold for a probable duplicate arrives as 'pending' (the server tells nothing of
// the other person).
export type ApplicationStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';
export type MemberStatus = 'active' | 'suspended' | 'left' | 'deceased';
export type TransferStatus = 'proposed' | 'requested' | 'completed' | 'rejected' | 'cancelled';
export type PlacementRule = 'employer_union' | 'industry_federation' | 'township_union' | 'community_union' | 'county_union';

export const PLACEMENT_RULES: readonly PlacementRule[] = [
  'employer_union',
  'industry_federation',
  'township_union',
  'community_union',
  'county_union',
];

export interface Placement {
  orgId: string;
  orgName: string;
  rule: PlacementRule;
  matchedRegionCode: string;
}

/** The worker's own application, masked. */
export interface OwnApplication {
  id: string;
  status: ApplicationStatus;
  nameMasked: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  trade: Trade;
  employerName: string | null;
  employerUscc: string | null;
  workRegionCode: string;
  workAddressMasked: string | null;
  orgId: string;
  orgName: string;
  placementRule: PlacementRule;
  matchedRegionCode: string;
  replacedBy: string | null;
  replacementReason: string | null;
  submittedAt: string;
  reviewDueAt: string;
  overdue: boolean;
  decidedAt: string | null;
  decidedByName: string | null;
  decisionReason: string | null;
  memberId: string | null;
}

/** The worker's own member record, masked. */
export interface OwnMember {
  id: string;
  memberNo: string;
  status: MemberStatus;
  orgId: string;
  orgName: string;
  nameMasked: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  workAddressMasked: string | null;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  trade: Trade;
  newForm: boolean;
  employerName: string | null;
  workRegionCode: string;
  joinedAt: string;
  statusReason: string | null;
  statusChangedAt: string | null;
}

export interface OwnTransfer {
  id: string;
  status: TransferStatus;
  initiatedBy: 'member' | 'system' | 'staff';
  fromOrgId: string;
  fromOrgName: string;
  toOrgId: string;
  toOrgName: string;
  reason: string | null;
  acceptedAt: string | null;
  releasedAt: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  createdAt: string;
}

/** A reason the server records (transfer, leave): its bounds. */
export const REASON_MIN = 2;
export const REASON_MAX = 500;

export interface Membership {
  member: OwnMember | null;
  application: OwnApplication | null;
  transfer: OwnTransfer | null;
}

export interface EmployerUnion {
  orgId: string;
  name: string;
  uscc: string;
}

export interface WorkPlace {
  trade: Trade;
  workRegionCode: string;
  workAddress?: string;
  employerName?: string;
  employerUscc?: string;
}

export interface ApplicationBody extends WorkPlace {
  name: string;
  idNumber: string;
  location?: { lat: number; lng: number };
}

export interface SubmitResult {
  outcome: 'submitted' | 'approved' | 'linked';
  application: OwnApplication | null;
  memberId: string | null;
}

export interface MemberCard {
  memberNo: string;
  nameMasked: string | null;
  orgName: string;
  status: MemberStatus;
  joinedAt: string;
  token: string;
  expiresAt: string;
  refreshSeconds: number;
}

export type HistoryKind =
  | 'joined'
  | 'rejoined'
  | 'imported'
  | 'account_linked'
  | 'merged'
  | 'transferred'
  | 'suspended'
  | 'reinstated'
  | 'left'
  | 'deceased'
  | 'work_changed'
  | 'purged';

/** A line of the worker's own membership history (newest first). */
export interface OwnHistoryEntry {
  id: string;
  kind: HistoryKind;
  at: string;
  fromOrgName: string | null;
  toOrgName: string | null;
  reason: string | null;
}

export const membershipApi = {
  membership: (signal?: AbortSignal) => api.get<Membership>('/api/member/membership', undefined, signal),
  history: (signal?: AbortSignal) => api.get<{ items: OwnHistoryEntry[] }>('/api/member/membership/history', undefined, signal),
  employers: (q: string, signal?: AbortSignal) => api.get<{ items: EmployerUnion[] }>('/api/member/join/employers', { q }, signal),
  placement: (body: { trade: Trade; workRegionCode: string; employerUscc?: string }) =>
    api.post<Placement>('/api/member/join/placement', body),
  apply: (body: ApplicationBody) => api.post<SubmitResult>('/api/member/applications', body),
  withdraw: (applicationId: string) => api.post<OwnApplication>(`/api/member/applications/${encodeURIComponent(applicationId)}/withdraw`),
  card: (signal?: AbortSignal) => api.get<MemberCard>('/api/member/card', undefined, signal),
  changeWork: (body: WorkPlace) => api.post<{ proposedTransfer: OwnTransfer | null }>('/api/member/work', body),
  requestTransfer: (body: WorkPlace & { reason: string }) => api.post<OwnTransfer>('/api/member/transfers', body),
  confirmTransfer: (transferId: string) => api.post<OwnTransfer>(`/api/member/transfers/${encodeURIComponent(transferId)}/confirm`),
  cancelTransfer: (transferId: string) => api.post<OwnTransfer>(`/api/member/transfers/${encodeURIComponent(transferId)}/cancel`),
  leave: (reason: string) => api.post<undefined>('/api/member/leave', { reason }),
};

/** An application still waiting for a decision. */
export function isOpenApplication(application: OwnApplication | null | undefined): application is OwnApplication & { status: 'pending' } {
  return application?.status === 'pending';
}

/** A member who counts as one (may show the card, move, leave). */
export function isCurrentMember(member: OwnMember | null | undefined): member is OwnMember & { status: 'active' | 'suspended' } {
  return member?.status === 'active' || member?.status === 'suspended';
}
