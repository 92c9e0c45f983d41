// The members vocabulary the three front ends share (the H5, the console, the partner page), named once
// and taken from the server's OpenAPI document so that a new status or rule shows up as a type error.
import type { ApiResponse } from './api-types.ts';

type OwnMember = NonNullable<ApiResponse<'/api/member/membership', 'get'>['member']>;

export type MemberStatus = OwnMember['status'];
export type TransferStatus = NonNullable<ApiResponse<'/api/member/membership', 'get'>['transfer']>['status'];
export type PlacementRule = ApiResponse<'/api/member/join/placement', 'post'>['rule'];
/** What happened to a membership: a line of the member's history, an event of the console's timeline. */
export type MembershipEventKind = ApiResponse<'/api/member/membership/history', 'get'>['items'][number]['kind'];

// In the order the screens list them.
export const MEMBER_STATUSES = ['active', 'suspended', 'left', 'deceased'] as const satisfies readonly MemberStatus[];
export const TRANSFER_STATUSES = [
  'proposed',
  'requested',
  'completed',
  'rejected',
  'cancelled',
] as const satisfies readonly TransferStatus[];
export const PLACEMENT_RULES = [
  'employer_union',
  'industry_federation',
  'township_union',
  'community_union',
  'county_union',
] as const satisfies readonly PlacementRule[];
export const MEMBERSHIP_EVENT_KINDS = [
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
] as const satisfies readonly MembershipEventKind[];
