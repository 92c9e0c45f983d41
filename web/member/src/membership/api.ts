// The member H5's membership calls (docs/MEMBERS.md, "Member H5"). Dates arrive as ISO strings.
import { client } from '../../../shared/api-client.ts';
import type { ApiBody, ApiResponse } from '../../../shared/api-types.ts';

export type Membership = ApiResponse<'/api/member/membership', 'get'>;
/** The worker's own application, masked. A hold for a probable duplicate arrives as 'pending'. */
export type OwnApplication = NonNullable<Membership['application']>;
/** The worker's own member record, masked. */
export type OwnMember = NonNullable<Membership['member']>;
export type OwnTransfer = NonNullable<Membership['transfer']>;
export type ApplicationStatus = OwnApplication['status'];
export type Placement = ApiResponse<'/api/member/join/placement', 'post'>;
export type EmployerUnion = ApiResponse<'/api/member/join/employers', 'get'>['items'][number];
export type ApplicationBody = ApiBody<'/api/member/applications', 'post'>;
export type WorkPlace = ApiBody<'/api/member/work', 'post'>;
export type SubmitResult = ApiResponse<'/api/member/applications', 'post'>;
export type MemberCard = ApiResponse<'/api/member/card', 'get'>;
/** What an SMS invitation's link prefills: never the 身份证号. */
export type InvitationPrefill = ApiResponse<'/api/member/census/invitations/{token}', 'get'>;
/** A line of the worker's own membership history (newest first). */
export type OwnHistoryEntry = ApiResponse<'/api/member/membership/history', 'get'>['items'][number];
export type { MembershipEventKind as HistoryKind } from '../../../shared/members.ts';

export { PLACEMENT_RULES, type MemberStatus, type PlacementRule, type TransferStatus } from '../../../shared/members.ts';

/** A reason the server records (transfer, leave): its bounds. */
export const REASON_MIN = 2;
export const REASON_MAX = 500;

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const membershipApi = {
  membership: (signal?: AbortSignal) => client.get('/api/member/membership', withSignal(signal)),
  history: (signal?: AbortSignal) => client.get('/api/member/membership/history', withSignal(signal)),
  employers: (q: string, signal?: AbortSignal) => client.get('/api/member/join/employers', { query: { q }, ...withSignal(signal) }),
  placement: (body: ApiBody<'/api/member/join/placement', 'post'>) => client.post('/api/member/join/placement', { body }),
  apply: (body: ApplicationBody) => client.post('/api/member/applications', { body }),
  withdraw: (applicationId: string) => client.post('/api/member/applications/{applicationId}/withdraw', { params: { applicationId } }),
  card: (signal?: AbortSignal) => client.get('/api/member/card', withSignal(signal)),
  changeWork: (body: WorkPlace) => client.post('/api/member/work', { body }),
  requestTransfer: (body: ApiBody<'/api/member/transfers', 'post'>) => client.post('/api/member/transfers', { body }),
  confirmTransfer: (transferId: string) => client.post('/api/member/transfers/{transferId}/confirm', { params: { transferId } }),
  cancelTransfer: (transferId: string) => client.post('/api/member/transfers/{transferId}/cancel', { params: { transferId } }),
  leave: (reason: string) => client.post('/api/member/leave', { body: { reason } }),
  invitation: (token: string, signal?: AbortSignal) =>
    client.get('/api/member/census/invitations/{token}', { params: { token }, ...withSignal(signal) }),
};

/** An application still waiting for a decision. */
export function isOpenApplication(application: OwnApplication | null | undefined): application is OwnApplication & { status: 'pending' } {
  return application?.status === 'pending';
}

/** A member who counts as one (may show the card, move, leave). */
export function isCurrentMember(member: OwnMember | null | undefined): member is OwnMember & { status: 'active' | 'suspended' } {
  return member?.status === 'active' || member?.status === 'suspended';
}
